// Autocomplete for inputs with list="substances": as the user types, the web app asks the interactions service
// (through the gateway, as the user) and fills the page's <datalist id="substances">. Event delegation, so that it
// works on pages rendered after load.
(() => {
    let timer;
    document.addEventListener('input', event => {
        const input = event.target;
        if (!(input instanceof HTMLInputElement) || input.getAttribute('list') !== 'substances') {
            return;
        }
        clearTimeout(timer);
        timer = setTimeout(async () => {
            const text = input.value.trim();
            const list = document.getElementById('substances');
            if (!list || text.length < 2) {
                return;
            }
            const response = await fetch(`/interactions/suggestions?q=${encodeURIComponent(text)}`, { credentials: 'same-origin' });
            if (!response.ok) {
                return;
            }
            list.replaceChildren(...(await response.json()).map(match => Object.assign(document.createElement('option'), { value: match.value, label: match.label })));
        }, 150);
    });
})();
