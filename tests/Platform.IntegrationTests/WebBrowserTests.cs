using Microsoft.Playwright;

namespace EdsPlatform.IntegrationTests;

/// <summary>The web app in a real browser (Debian's Chromium driven by Playwright), against the real stack.</summary>
[Collection(PlatformCollection.Name)]
public sealed class WebBrowserTests(PlatformFixture platform) : IAsyncLifetime
{
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("EDS_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            // Root in CI; and no background traffic towards Google on a closed network.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    [Fact]
    public async Task A_researcher_signs_in_sees_their_roles_and_signs_out()
    {
        var page = await _browser.NewPageAsync(new BrowserNewPageOptions { Locale = "fr-FR" });
        var web = platform.Endpoint(ResourceNames.Web);
        await WithDiagnosticsAsync(page, async () =>
        {

        // The profile needs a session: the app sends the browser to the provider's sign-in page.
        await page.GotoAsync(new Uri(web, "/profile").ToString());
        await page.WaitForURLAsync(url => url.StartsWith(platform.Endpoint(ResourceNames.Identity).ToString(), StringComparison.Ordinal));
        await page.GetByLabel("Adresse électronique").FillAsync(DemoUsers.Researcher);
        await page.GetByLabel("Mot de passe").FillAsync(PlatformFixture.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();

        await page.WaitForURLAsync(new Uri(web, "/profile").ToString());
        Assert.Equal("Claire Martin", await page.Locator("#profile-name").InnerTextAsync());
        Assert.Equal(["researcher"], await page.Locator("#profile-roles li").AllInnerTextsAsync());
        Assert.Equal("fr", await page.Locator("html").GetAttributeAsync("lang"));

        // The catalog page calls the API through the gateway with the user's token.
        await page.GotoAsync(new Uri(web, "/catalog").ToString());
        Assert.True(await page.Locator("table.data td", new() { HasTextString = "person" }).CountAsync() > 0);

        // A plain link to the provider's sign-out only asks for confirmation: the provider's session survives it.
        await page.GotoAsync(new Uri(platform.Endpoint(ResourceNames.Identity), "/connect/logout").ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Se déconnecter" }).WaitForAsync();
        Assert.Contains(await page.Context.CookiesAsync(), cookie => cookie.Name == "eds.identity");

        // The app's sign-out carries an id_token_hint: no confirmation needed.
        await page.GotoAsync(new Uri(web, "/profile").ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Se déconnecter" }).ClickAsync();
        await page.WaitForURLAsync(new Uri(web, "/").ToString());
        Assert.True(await page.GetByRole(AriaRole.Link, new() { Name = "Se connecter" }).IsVisibleAsync());

        // Signed out of the provider too: the profile asks for credentials again.
        await page.GotoAsync(new Uri(web, "/profile").ToString());
        await page.WaitForURLAsync(url => url.StartsWith(platform.Endpoint(ResourceNames.Identity).ToString(), StringComparison.Ordinal));
        Assert.True(await page.GetByLabel("Mot de passe").IsVisibleAsync());
        });
    }

    /// <summary>A browser failure says where the browser was and what the page said.</summary>
    private static async Task WithDiagnosticsAsync(IPage page, Func<Task> steps)
    {
        try
        {
            await steps();
        }
        catch (Exception ex) when (ex is TimeoutException or PlaywrightException)
        {
            string text;
            try
            {
                text = await page.Locator("body").InnerTextAsync(new() { Timeout = 2000 });
            }
            catch (TimeoutException)
            {
                text = "(the page has no body yet)";
            }
            throw new InvalidOperationException($"{ex.Message}\nat {page.Url}\n{text[..Math.Min(text.Length, 1500)]}", ex);
        }
    }

    [Fact]
    public async Task The_app_speaks_English_on_request()
    {
        var page = await _browser.NewPageAsync();
        var web = platform.Endpoint(ResourceNames.Web);
        await page.GotoAsync(web.ToString());
        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();

        await page.WaitForURLAsync(new Uri(web, "/").ToString());
        Assert.Equal("en", await page.Locator("html").GetAttributeAsync("lang"));
        Assert.True(await page.GetByRole(AriaRole.Heading, new() { Name = "Welcome to the health data warehouse" }).IsVisibleAsync());
    }

    [Fact]
    public async Task The_sign_in_page_speaks_the_language_of_the_app()
    {
        var page = await _browser.NewPageAsync();
        var web = platform.Endpoint(ResourceNames.Web);
        await page.GotoAsync(new Uri(web, "/culture?culture=en&returnUrl=/profile").ToString());

        await page.WaitForURLAsync(url => url.StartsWith(platform.Endpoint(ResourceNames.Identity).ToString(), StringComparison.Ordinal));
        Assert.True(await page.GetByLabel("Email address").IsVisibleAsync());
        Assert.True(await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).IsVisibleAsync());
    }

    [Fact]
    public async Task An_unknown_page_is_a_404()
    {
        var page = await _browser.NewPageAsync();
        var response = await page.GotoAsync(new Uri(platform.Endpoint(ResourceNames.Web), "/no-such-page").ToString());
        Assert.Equal(404, response!.Status);
    }

    [Fact]
    public async Task A_researcher_submits_a_project_and_the_committee_approves_it_in_the_browser()
    {
        var web = platform.Endpoint(ResourceNames.Web);
        var title = $"Azathioprine et COVID-19 {Guid.NewGuid():N}"[..40];

        // The researcher writes the project and submits it.
        var researcher = await SignedInPageAsync(DemoUsers.Researcher, "/projects/new");
        string projectUrl = "";
        await WithDiagnosticsAsync(researcher, async () =>
        {
            await researcher.GetByLabel("Titre").FillAsync(title);
            await researcher.GetByLabel("Objectif et justification").FillAsync("Incidence de la COVID-19 sous immunosuppresseurs depuis 2021.");
            await researcher.GetByLabel("Membres de l'équipe (une adresse par ligne)").FillAsync(DemoUsers.TeamMember);
            await researcher.GetByLabel("Base légale", new() { Exact = false }).FillAsync("MR-004");
            await researcher.GetByLabel("condition_occurrence").CheckAsync();
            await researcher.GetByLabel("drug_exposure").CheckAsync();
            await researcher.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le brouillon" }).ClickAsync();
            await researcher.WaitForURLAsync(url => url.Contains("/projects/", StringComparison.Ordinal) && !url.EndsWith("/new", StringComparison.Ordinal));
            Assert.Equal("Brouillon", await researcher.Locator(".state").InnerTextAsync());
            await researcher.GetByRole(AriaRole.Button, new() { Name = "Soumettre au comité" }).ClickAsync();
            await researcher.Locator(".state", new() { HasTextString = "Soumis" }).WaitForAsync();
            projectUrl = researcher.Url;
        });

        // Two committee members find it in their queue and approve it with a comment.
        foreach (var member in new[] { DemoUsers.CommitteeMember, DemoUsers.SecondCommitteeMember })
        {
            var committee = await SignedInPageAsync(member, "/committee");
            await WithDiagnosticsAsync(committee, async () =>
            {
                await committee.Locator("#review-queue").GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
                await committee.GetByLabel("Pour").CheckAsync();
                await committee.GetByLabel("Commentaire", new() { Exact = false }).FillAsync("Avis favorable de " + member);
                await committee.GetByRole(AriaRole.Button, new() { Name = "Voter" }).ClickAsync();
                await committee.Locator("#votes", new() { HasTextString = "Avis favorable de " + member }).WaitForAsync();
            });
        }

        // The researcher sees the grant and opens the pseudonymised data it covers.
        await WithDiagnosticsAsync(researcher, async () =>
        {
            await researcher.GotoAsync(projectUrl);
            Assert.Equal("Approuvé", await researcher.Locator(".state").InnerTextAsync());
            await researcher.Locator("#grant").GetByRole(AriaRole.Link, new() { Name = "condition_occurrence" }).ClickAsync();
            await researcher.Locator("#project-rows").WaitForAsync();
            Assert.Equal("person_pseudonym", await researcher.Locator("#project-rows th").First.InnerTextAsync());
            Assert.Equal(20, await researcher.Locator("#project-rows tbody tr").CountAsync());
        });
        Assert.StartsWith(web.ToString(), projectUrl, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_researcher_builds_a_cohort_by_searching_concepts_then_attaches_it_and_sees_its_members_in_an_approved_project()
    {
        var scenario = new GovernanceScenario(platform);
        var draftId = await scenario.CreateAsync("Cohort to attach");
        var approvedId = await scenario.ApprovedAsync("Cohort members project", ["condition_occurrence", "drug_exposure", "observation_period", "person"]);
        var page = await SignedInPageAsync(DemoUsers.Researcher, "/cohorts");
        await WithDiagnosticsAsync(page, async () =>
        {
            // The example is counted as soon as the page opens.
            await page.Locator("#cohort-persons").WaitForAsync(new() { Timeout = 60_000 });
            await page.GetByRole(AriaRole.Button, new() { Name = "Tout effacer" }).ClickAsync();
            Assert.Equal(0, await page.Locator("#entry-events li").CountAsync());

            await SearchAndAddAsync(page, "COVID", "COVID-19, virus identifié", role: null);
            Assert.Equal(["Diagnostic : COVID-19, virus identifié"], (await page.Locator("#entry-events li").AllInnerTextsAsync()).Select(t => t.Replace("Retirer", "", StringComparison.Ordinal).Trim()));
            await page.Locator("#cohort-persons").WaitForAsync(new() { Timeout = 60_000 });

            await SearchAndAddAsync(page, "azathiop", "azathioprine", role: "critère : au moins un");
            // The window's default: the year before the index date.
            Assert.Contains("Au moins un(e) azathioprine, de J-365 à J+0", await page.Locator("#inclusion-rules li").InnerTextAsync(), StringComparison.Ordinal);
            await page.Locator("#cohort-persons").WaitForAsync(new() { Timeout = 60_000 });
            Assert.Matches("^(<10|[0-9]+)$", await page.Locator("#cohort-persons").InnerTextAsync());
            Assert.Equal(2, await page.Locator("#attrition tbody tr").CountAsync());
            Assert.True(await page.Locator("#pyramid").IsVisibleAsync());

            await page.GetByRole(AriaRole.Button, new() { Name = "Créer la cohorte (membres conservés pour un projet)" }).ClickAsync();
            await page.WaitForURLAsync(url => url.Contains("/cohorts/jobs/", StringComparison.Ordinal));
            // The job page refreshes itself until the job is over.
            await page.Locator("#job-status strong", new() { HasTextString = "succeeded" }).WaitForAsync(new() { Timeout = 60_000 });
            Assert.Contains("2000200001", await page.Locator("#exported-definition").TextContentAsync(), StringComparison.Ordinal);

            await page.GetByLabel("Joindre cette définition à la demande d'accès du projet").SelectOptionAsync(draftId);
            await page.GetByRole(AriaRole.Button, new() { Name = "Joindre", Exact = true }).ClickAsync();
            await page.Locator("#attached").WaitForAsync();
            var attached = (await scenario.ProjectAsync(draftId))["details"]!["cohortDefinition"]!.GetValue<string>();
            Assert.Contains("2000100001", attached, StringComparison.Ordinal);

            // Members are listed from a cohort created for the project: create it again for the approved one.
            await page.GetByLabel("Créer cette cohorte pour un projet approuvé (ses membres y seront visibles)").SelectOptionAsync(approvedId);
            await page.GetByRole(AriaRole.Button, new() { Name = "Créer pour ce projet" }).ClickAsync();
            await page.Locator("#job-status strong", new() { HasTextString = "succeeded" }).WaitForAsync(new() { Timeout = 60_000 });
            await page.Locator("#member-links").GetByRole(AriaRole.Link, new() { Name = "Cohort members project" }).ClickAsync();
            await page.Locator("#cohort-members").WaitForAsync();
            Assert.Contains($"/projects/{approvedId}/cohorts/", page.Url, StringComparison.Ordinal);
            var pseudonyms = await page.Locator("#cohort-members tbody tr td:first-child").AllInnerTextsAsync();
            Assert.NotEmpty(pseudonyms);
            Assert.All(pseudonyms, pseudonym => Assert.Matches("^[0-9a-f]{24}$", pseudonym));
        });
    }

    [Fact]
    public async Task The_prescription_screen_shows_the_interactions_as_a_matrix_with_levels_and_the_effects_by_organ_system()
    {
        var page = await SignedInPageAsync(DemoUsers.Researcher, "/interactions");
        await WithDiagnosticsAsync(page, async () =>
        {
            (string Drug, string Dose, string PerDay)[] lines =
                [("aténolol", "50", "50"), ("amlodipine", "5", "5"), ("Kardégic", "75", "75"), ("furosémide", "20", "20"), ("diclofénac 1 % gel", "", ""), ("lansoprazole", "30", "30")];
            for (var i = 0; i < lines.Length; i++)
            {
                await page.GetByLabel($"Médicament {i + 1}", new() { Exact = true }).FillAsync(lines[i].Drug);
                await page.GetByLabel($"Dose par prise {i + 1}", new() { Exact = true }).FillAsync(lines[i].Dose);
                await page.GetByLabel($"Dose par jour {i + 1}", new() { Exact = true }).FillAsync(lines[i].PerDay);
            }
            await page.GetByRole(AriaRole.Button, new() { Name = "Analyser" }).ClickAsync();
            await page.Locator("#interaction-matrix").WaitForAsync();

            Assert.Contains("2019-09", await page.Locator("#edition").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Equal("APEC", await page.Locator("td[data-pair='1-2']").InnerTextAsync());
            Assert.Equal("APEC", await page.Locator("td[data-pair='5-3']").InnerTextAsync());
            Assert.Equal("", (await page.Locator("td[data-pair='3-4']").InnerTextAsync()).Trim());
            Assert.Contains("ne s'applique pas à cette dose", await page.Locator("#interaction-list").InnerTextAsync(), StringComparison.Ordinal);
            Assert.True(await page.Locator("#effects tr.cumulative").CountAsync() > 0);
            // The form keeps what was typed.
            Assert.Equal("Kardégic", await page.GetByLabel("Médicament 3", new() { Exact = true }).InputValueAsync());

            // Typing a drug's start suggests the thesaurus's substances and brands.
            await page.GetByLabel("Médicament 7", new() { Exact = true }).PressSequentiallyAsync("kardé");
            await page.Locator("#substances option[value='acide acetylsalicylique']").First.WaitForAsync(new() { State = WaitForSelectorState.Attached });
            Assert.Contains("kardegic", await page.Locator("#substances option").First.GetAttributeAsync("label") ?? "", StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task An_approved_project_screens_the_warehouse_for_co_exposures_and_lists_a_pairs_persons_as_pseudonyms()
    {
        var projectId = await new GovernanceScenario(platform).ApprovedAsync("Screening in the browser", datasets: ["drug_exposure"]);
        var page = await SignedInPageAsync(DemoUsers.Researcher, $"/projects/{projectId}");
        await WithDiagnosticsAsync(page, async () =>
        {
            await page.Locator("#screening-link").ClickAsync();
            await page.GetByLabel("Niveau minimal").SelectOptionAsync("APEC");
            await page.GetByRole(AriaRole.Button, new() { Name = "Lancer la recherche" }).ClickAsync();
            // The page refreshes itself until the screening is over.
            await page.Locator("#screening-status strong", new() { HasTextString = "succeeded" }).WaitForAsync(new() { Timeout = 90_000 });
            var rows = page.Locator("#screening-pairs tbody tr");
            Assert.True(await rows.CountAsync() > 0);
            Assert.Contains("AMLODIPINE + ATENOLOL", await page.Locator("#screening-pairs").InnerTextAsync(), StringComparison.Ordinal);

            await rows.First.Locator("td:nth-child(3) a").ClickAsync();
            await page.Locator("#screening-members").WaitForAsync();
            var pseudonyms = await page.Locator("#screening-members li").AllInnerTextsAsync();
            Assert.NotEmpty(pseudonyms);
            Assert.All(pseudonyms, pseudonym => Assert.Matches("^[0-9a-f]{24}$", pseudonym));
        });
    }

    [Fact]
    public async Task The_texts_page_marks_entities_with_their_qualifiers_fills_the_template_and_shows_the_pseudonymised_report()
    {
        var page = await SignedInPageAsync(DemoUsers.Researcher, "/nlp?sample=consultation");
        await WithDiagnosticsAsync(page, async () =>
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Analyser" }).ClickAsync();
            await page.Locator("#annotated").WaitForAsync();
            Assert.Contains("negated", await page.Locator("#annotated mark", new() { HasTextString = "fièvre" }).GetAttributeAsync("class") ?? "", StringComparison.Ordinal);
            Assert.Equal("family", await page.Locator("#annotated mark[data-label='diagnosis']", new() { HasTextString = "diabétique" }).First.GetAttributeAsync("data-assertion"));
            Assert.Equal("hypothesis", await page.Locator("#annotated mark[data-label='diagnosis']", new() { HasTextString = "néphropathie" }).GetAttributeAsync("data-assertion"));
            Assert.Contains("C03CA01", await page.Locator("#drugs").InnerTextAsync(), StringComparison.Ordinal);
            var pseudonymised = await page.Locator("#pseudonymised").InnerTextAsync();
            Assert.DoesNotContain("LEROUX", pseudonymised, StringComparison.Ordinal);
            Assert.DoesNotContain("7003318842", pseudonymised, StringComparison.Ordinal);

            await page.GotoAsync(new Uri(platform.Endpoint(ResourceNames.Web), "/nlp?sample=irm").ToString());
            await page.GetByRole(AriaRole.Button, new() { Name = "Analyser" }).ClickAsync();
            await page.Locator("#template-fields").WaitForAsync();
            var fields = await page.Locator("#template-fields").InnerTextAsync();
            Assert.Contains("headacheIndication", fields, StringComparison.Ordinal);
            Assert.Contains("contrastInjected", fields, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task An_approved_project_extracts_its_notes_and_browses_pseudonymised_facts_and_texts()
    {
        var projectId = await new GovernanceScenario(platform).ApprovedAsync("Extraction in the browser", datasets: ["note"]);
        var page = await SignedInPageAsync(DemoUsers.Researcher, $"/projects/{projectId}");
        await WithDiagnosticsAsync(page, async () =>
        {
            await page.Locator("#extraction-link").ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Lancer l'extraction" }).ClickAsync();
            await page.Locator("#extraction-status strong", new() { HasTextString = "succeeded" }).WaitForAsync(new() { Timeout = 120_000 });
            var people = await page.Locator("#extraction-rows tbody tr td:first-child").AllInnerTextsAsync();
            Assert.NotEmpty(people);
            Assert.All(people, pseudonym => Assert.Matches("^[0-9a-f]{24}$", pseudonym));
            Assert.True(await page.Locator("#extraction-notes article").CountAsync() > 0);
        });
    }

    [Fact]
    public async Task The_imaging_page_analyses_a_sample_and_an_uploaded_file_with_preview_header_findings_and_the_models_state()
    {
        var page = await SignedInPageAsync(DemoUsers.Researcher, "/imaging?sample=chest-opacity");
        await WithDiagnosticsAsync(page, async () =>
        {
            await page.Locator("#imaging-findings").WaitForAsync();
            var finding = await page.Locator("#imaging-findings tbody tr").First.InnerTextAsync();
            Assert.Contains("chest-opacity", finding, StringComparison.Ordinal);
            Assert.Contains("opacité pulmonaire", finding, StringComparison.Ordinal);
            Assert.Contains("oui", finding, StringComparison.Ordinal);
            Assert.StartsWith("data:image/png;base64,", await page.Locator("#imaging-preview").GetAttributeAsync("src") ?? "", StringComparison.Ordinal);
            Assert.True(await page.Locator("#imaging-preview").EvaluateAsync<bool>("img => img.complete && img.naturalWidth === 256"));
            Assert.Contains("DX", await page.Locator("#imaging-header").InnerTextAsync(), StringComparison.Ordinal);
            Assert.NotNull(await page.Locator("#imaging-sr").GetAttributeAsync("download"));
            var models = await page.Locator("#imaging-models").InnerTextAsync();
            Assert.Contains("chest-opacity", models, StringComparison.Ordinal);
            Assert.Contains("READY", models, StringComparison.Ordinal);
            Assert.Contains("CPUExecutionProvider", models, StringComparison.Ordinal);

            // A file of the user's: an MR image, which no shipped model's selection matches.
            await page.Locator("input[name=file]").SetInputFilesAsync(Path.Combine(AppContext.BaseDirectory, "Data", "dicom", "MR_small.dcm"));
            await page.GetByRole(AriaRole.Button, new() { Name = "Analyser" }).ClickAsync();
            await page.Locator("#imaging-no-model").WaitForAsync();
            Assert.Contains("MR", await page.Locator("#imaging-header").InnerTextAsync(), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task An_approved_project_runs_a_model_over_the_warehouse_studies_and_lists_the_positive_persons_as_pseudonyms()
    {
        var projectId = await new GovernanceScenario(platform).ApprovedAsync("Imaging in the browser", datasets: ["image_occurrence"]);
        var page = await SignedInPageAsync(DemoUsers.Researcher, $"/projects/{projectId}");
        await WithDiagnosticsAsync(page, async () =>
        {
            await page.Locator("#imaging-link").ClickAsync();
            await page.GetByLabel("Modèle").SelectOptionAsync("chest-opacity");
            await page.GetByRole(AriaRole.Button, new() { Name = "Lancer l'analyse" }).ClickAsync();
            await page.Locator("#imaging-run-status strong", new() { HasTextString = "succeeded" }).WaitForAsync(new() { Timeout = 120_000 });
            Assert.Contains("chest-opacity 1", await page.Locator("#imaging-run-status").InnerTextAsync(), StringComparison.Ordinal);
            var pseudonyms = await page.Locator("#imaging-run-members li").AllInnerTextsAsync();
            Assert.NotEmpty(pseudonyms);
            Assert.All(pseudonyms, pseudonym => Assert.Matches("^[0-9a-f]{24}$", pseudonym));
        });
    }

    [Fact]
    public async Task The_builder_adds_a_concept_mentioned_in_the_notes_as_the_platforms_NOTE_NLP_criterion()
    {
        var page = await SignedInPageAsync(DemoUsers.Researcher, "/cohorts");
        await WithDiagnosticsAsync(page, async () =>
        {
            await page.Locator("#cohort-persons").WaitForAsync(new() { Timeout = 60_000 });
            await page.GetByRole(AriaRole.Button, new() { Name = "Tout effacer" }).ClickAsync();
            await page.GetByLabel("Nom, code ou identifiant").FillAsync("COVID");
            await page.GetByRole(AriaRole.Button, new() { Name = "Chercher", Exact = true }).ClickAsync();
            await page.GetByLabel("COVID-19, virus identifié", new() { Exact = true }).CheckAsync();
            await page.GetByLabel("mentionné(s) et affirmé(s) dans les comptes rendus", new() { Exact = false }).CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter", Exact = true }).ClickAsync();
            await page.Locator("#entry-events").WaitForAsync();
            Assert.Contains("Mention dans un compte rendu : COVID-19, virus identifié", await page.Locator("#entry-events").InnerTextAsync(), StringComparison.Ordinal);
            await page.Locator("#cohort-persons").WaitForAsync(new() { Timeout = 60_000 });
            Assert.Matches("^(<10|[0-9]+)$", await page.Locator("#cohort-persons").InnerTextAsync());
        });
    }

    /// <summary>Searches the vocabulary in the builder, ticks one concept and adds it as an entry event or, with <paramref name="role"/>, a criterion.</summary>
    private static async Task SearchAndAddAsync(IPage page, string search, string concept, string? role)
    {
        await page.GetByLabel("Nom, code ou identifiant").FillAsync(search);
        await page.GetByRole(AriaRole.Button, new() { Name = "Chercher", Exact = true }).ClickAsync();
        await page.GetByLabel(concept, new() { Exact = true }).CheckAsync();
        if (role is not null)
        {
            await page.GetByLabel(role).CheckAsync();
        }
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter", Exact = true }).ClickAsync();
        await page.Locator("#entry-events").WaitForAsync();
    }

    /// <summary>A fresh browser session (its own cookies) signed in as <paramref name="email"/>, on <paramref name="path"/>.</summary>
    private async Task<IPage> SignedInPageAsync(string email, string path)
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { Locale = "fr-FR" });
        var page = await context.NewPageAsync();
        var target = new Uri(platform.Endpoint(ResourceNames.Web), path).ToString();
        await WithDiagnosticsAsync(page, async () =>
        {
            await page.GotoAsync(target);
            await page.WaitForURLAsync(url => url.StartsWith(platform.Endpoint(ResourceNames.Identity).ToString(), StringComparison.Ordinal));
            // The sign-in page is styled: its stylesheet loaded and has rules.
            Assert.True(await page.EvaluateAsync<int>("() => [...document.styleSheets].reduce((n, sheet) => n + sheet.cssRules.length, 0)") > 0);
            await page.GetByLabel("Adresse électronique").FillAsync(email);
            await page.GetByLabel("Mot de passe").FillAsync(PlatformFixture.DemoPassword);
            await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
            await page.WaitForURLAsync(target);
        });
        return page;
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
