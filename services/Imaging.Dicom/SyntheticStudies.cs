using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EdsPlatform.Imaging.Dicom;

/// <summary>
/// Small deterministic DICOM studies for the synthetic hospital: the same arguments always give the same bytes, so
/// generated data sets, detector training and tests can be reproduced. Whether a study shows an opacity is the
/// caller's decision; this class only draws it.
/// </summary>
public static class SyntheticStudies
{
    public const int ChestSize = 256;
    public const int BrainSize = 128;

    /// <summary>Digital X-Ray Image Storage - For Presentation.</summary>
    public const string DigitalXRayForPresentation = "1.2.840.10008.5.1.4.1.1.1.1";

    /// <summary>MR Image Storage.</summary>
    public const string MrImage = "1.2.840.10008.5.1.4.1.1.4";

    private const double ChestBackground = 200;
    private const double ChestBody = 2400;
    private const double LungValue = 900;
    private const double NoiseSd = 50;
    private const double EdgeRamp = 4;
    private const int MaxStored = 4095;
    private const double BodyHalfWidth = 115, BodyHalfHeight = 120;
    private const double LungHalfWidth = 40, LungHalfHeight = 70;
    private const double LungJitter = 6, LungValueJitter = 100;
    private const double OpacityMargin = 12;

    private static readonly Series Chest = new("DX", "CHEST", "Thorax face", DigitalXRayForPresentation);
    private static readonly Series Brain = new("MR", "HEAD", "T1 axial", MrImage);

    /// <summary>
    /// A PA chest radiograph (<see cref="ChestRadiographPixels"/>, seeded from the study UID) as a DX For Presentation
    /// instance. Whether it shows an opacity is the caller's draw.
    /// </summary>
    public static byte[] ChestRadiograph(string studyInstanceUid, long personId, DateOnly date, string accession, bool opacity)
    {
        var set = Instance(Chest, studyInstanceUid, personId, date, accession, ChestSize, ChestRadiographPixels(Seed(studyInstanceUid), opacity), (2048, 4096))
            .Add(DicomTag.PresentationIntentType, "CS", "FOR PRESENTATION")
            .Add(DicomTag.PatientOrientation, "CS", "L\\F") // rows run to the patient's left, columns to the feet: a PA view
            .Add(DicomTag.ImagerPixelSpacing, "DS", "1.6\\1.6")
            .Add(DicomTag.RescaleIntercept, "DS", 0)
            .Add(DicomTag.RescaleSlope, "DS", 1);
        return DicomWriter.Write(set, Chest.SopClassUid, ImageUid(studyInstanceUid, Chest));
    }

    /// <summary>One 128x128 axial T1-like slice of a head (seeded from the study UID) as an MR Image instance.</summary>
    public static byte[] BrainMri(string studyInstanceUid, long personId, DateOnly date, string accession)
    {
        var set = Instance(Brain, studyInstanceUid, personId, date, accession, BrainSize, BrainMriPixels(Seed(studyInstanceUid)), (600, 1200))
            .Add(DicomTag.SliceThickness, "DS", 5)
            .Add(DicomTag.ImagePositionPatient, "DS", "-115.2\\-115.2\\0")
            .Add(DicomTag.ImageOrientationPatient, "DS", "1\\0\\0\\0\\1\\0")
            .Add(DicomTag.PixelSpacing, "DS", "1.8\\1.8");
        return DicomWriter.Write(set, Brain.SopClassUid, ImageUid(studyInstanceUid, Brain));
    }

    /// <summary>
    /// Chest radiograph stored values: 256x256, row by row, 12 bits stored in 16, MONOCHROME2. A body ellipse and two
    /// lung fields (jittered per seed), all with 4-pixel linear edges, an optional Gaussian opacity at least 12 pixels
    /// inside one lung, noise of sd 50.
    /// The opacity's parameters are drawn whether or not it is painted, so one seed with and without an opacity gives
    /// the same image but for the blob: pairs a detector can be checked on.
    /// </summary>
    public static ushort[] ChestRadiographPixels(int seed, bool opacity)
    {
        var random = new Random(seed);
        var centre = (ChestSize - 1) / 2.0;
        Ellipse body = new(centre, centre, BodyHalfWidth, BodyHalfHeight);
        Ellipse[] lungs =
        [
            new(80 + Uniform(random, LungJitter), 120 + Uniform(random, LungJitter), LungHalfWidth, LungHalfHeight),
            new(176 + Uniform(random, LungJitter), 120 + Uniform(random, LungJitter), LungHalfWidth, LungHalfHeight),
        ];
        var lungValue = LungValue + Uniform(random, LungValueJitter);

        var lung = lungs[random.Next(lungs.Length)];
        var sigma = 6 + 10 * random.NextDouble();
        var amplitude = 500 + 800 * random.NextDouble();
        var (blobX, blobY) = PointAwayFromEdge(random, lung, OpacityMargin);

        var pixels = new ushort[ChestSize * ChestSize];
        for (var y = 0; y < ChestSize; y++)
        {
            for (var x = 0; x < ChestSize; x++)
            {
                var value = ChestBackground + (ChestBody - ChestBackground) * body.Weight(x, y);
                var inLung = Math.Max(lungs[0].Weight(x, y), lungs[1].Weight(x, y));
                value += (lungValue - value) * inLung;
                if (opacity)
                {
                    var squared = (x - blobX) * (x - blobX) + (y - blobY) * (y - blobY);
                    value += amplitude * Math.Exp(-squared / (2 * sigma * sigma));
                }
                value += NoiseSd * Gaussian(random);
                pixels[y * ChestSize + x] = (ushort)Math.Clamp(Math.Round(value), 0, MaxStored);
            }
        }
        return pixels;
    }

    /// <summary>
    /// A head: background noise, a scalp and skull ring (bright fat, dark bone), grey brain, dark ventricles;
    /// 12 bits stored, magnitude noise as an MR image has.
    /// </summary>
    private static ushort[] BrainMriPixels(int seed)
    {
        var random = new Random(seed);
        var centre = (BrainSize - 1) / 2.0;
        Ellipse scalp = new(centre, centre, 50, 60);
        Ellipse skull = new(centre, centre, 46, 56);
        Ellipse brain = new(centre, centre, 43, 53);
        Ellipse[] ventricles = [new(centre - 6, centre - 4, 4, 14), new(centre + 6, centre - 4, 4, 14)];
        var pixels = new ushort[BrainSize * BrainSize];
        for (var y = 0; y < BrainSize; y++)
        {
            for (var x = 0; x < BrainSize; x++)
            {
                var value = 900 * scalp.Weight(x, y);
                value += (100 - value) * skull.Weight(x, y);
                value += (600 - value) * brain.Weight(x, y);
                value += (150 - value) * Math.Max(ventricles[0].Weight(x, y), ventricles[1].Weight(x, y));
                pixels[y * BrainSize + x] = (ushort)Math.Clamp(Math.Round(Math.Abs(value + 20 * Gaussian(random))), 0, MaxStored);
            }
        }
        return pixels;
    }

    /// <summary>Patient, study, series, equipment and 12-in-16-bit MONOCHROME2 pixel modules, which every synthetic image shares.</summary>
    private static DicomDatasetBuilder Instance(Series series, string studyUid, long personId, DateOnly date, string accession, int size, ushort[] pixels, (int Center, int Width) window) =>
        new DicomDatasetBuilder()
            .Add(DicomTag.ImageType, "CS", "ORIGINAL\\PRIMARY")
            .AddDate(DicomTag.StudyDate, date)
            .AddDate(DicomTag.SeriesDate, date)
            .AddDate(DicomTag.ContentDate, date)
            .Add(DicomTag.AccessionNumber, "SH", accession)
            .Add(DicomTag.Modality, "CS", series.Modality)
            .Add(DicomTag.Manufacturer, "LO", "EDS Platform")
            .Add(DicomTag.ReferringPhysicianName, "PN", "")
            .Add(DicomTag.SeriesDescription, "LO", series.Description)
            .Add(DicomTag.PatientName, "PN", "")
            .Add(DicomTag.PatientId, "LO", personId.ToString(CultureInfo.InvariantCulture))
            .Add(DicomTag.PatientBirthDate, "DA", "")
            .Add(DicomTag.PatientSex, "CS", "")
            .Add(DicomTag.BodyPartExamined, "CS", series.BodyPart)
            .Add(DicomTag.StudyInstanceUid, "UI", studyUid)
            .Add(DicomTag.SeriesInstanceUid, "UI", SeriesUid(studyUid, series))
            .Add(DicomTag.StudyId, "SH", "1")
            .Add(DicomTag.SeriesNumber, "IS", 1)
            .Add(DicomTag.InstanceNumber, "IS", 1)
            .Add(DicomTag.SamplesPerPixel, "US", 1)
            .Add(DicomTag.PhotometricInterpretation, "CS", "MONOCHROME2")
            .Add(DicomTag.Rows, "US", size)
            .Add(DicomTag.Columns, "US", size)
            .Add(DicomTag.BitsAllocated, "US", 16)
            .Add(DicomTag.BitsStored, "US", 12)
            .Add(DicomTag.HighBit, "US", 11)
            .Add(DicomTag.PixelRepresentation, "US", 0)
            .Add(DicomTag.WindowCenter, "DS", window.Center)
            .Add(DicomTag.WindowWidth, "DS", window.Width)
            .Add(DicomTag.PixelData, "OW", pixels);

    /// <summary>Series and SOP instance UIDs named after the study, so that writing a study again gives the same UIDs.</summary>
    private static string SeriesUid(string studyUid, Series series) => DicomUids.FromName($"{studyUid}/{series.Modality}/series");

    private static string ImageUid(string studyUid, Series series) => DicomUids.FromName($"{studyUid}/{series.Modality}/image/1");

    /// <summary>A pixel seed from the study UID: SHA-256, not string.GetHashCode, which changes from one process to the next.</summary>
    private static int Seed(string studyUid) => BinaryPrimitives.ReadInt32LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes(studyUid)));

    private sealed record Series(string Modality, string BodyPart, string Description, string SopClassUid);

    private static double Uniform(Random random, double halfRange) => (2 * random.NextDouble() - 1) * halfRange;

    /// <summary>Box-Muller: a standard normal from two uniforms, written out so the stream of draws stays under our control.</summary>
    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>A uniform point of the ellipse at least <paramref name="margin"/> pixels from its outline (rejection sampling).</summary>
    private static (double X, double Y) PointAwayFromEdge(Random random, Ellipse ellipse, double margin)
    {
        while (true)
        {
            var x = ellipse.X + Uniform(random, ellipse.HalfWidth);
            var y = ellipse.Y + Uniform(random, ellipse.HalfHeight);
            if (ellipse.DistanceInside(x, y) > 0 && ellipse.DistanceToOutline(x, y) >= margin)
            {
                return (x, y);
            }
        }
    }

    private sealed record Ellipse(double X, double Y, double HalfWidth, double HalfHeight)
    {
        /// <summary>1 well inside, 0 well outside, linear over <see cref="EdgeRamp"/> pixels across the outline.</summary>
        public double Weight(double x, double y) => Math.Clamp(0.5 + DistanceInside(x, y) / EdgeRamp, 0, 1);

        /// <summary>
        /// Distance to the outline along the ray from the centre (positive inside): close to the true distance for
        /// these near-round ellipses, and exact on the axes, which is all a ramp of a few pixels needs.
        /// </summary>
        public double DistanceInside(double x, double y)
        {
            var (dx, dy) = (x - X, y - Y);
            var radius = Math.Sqrt(dx * dx / (HalfWidth * HalfWidth) + dy * dy / (HalfHeight * HalfHeight));
            return radius == 0 ? Math.Min(HalfWidth, HalfHeight) : (1 - radius) * Math.Sqrt(dx * dx + dy * dy) / radius;
        }

        /// <summary>The true (shortest) distance to the outline, against 720 points of it: the opacity margin is a promise.</summary>
        public double DistanceToOutline(double x, double y) => Enumerable.Range(0, 720)
            .Select(i => i * Math.PI / 360)
            .Min(angle => Math.Sqrt(Math.Pow(X + HalfWidth * Math.Cos(angle) - x, 2) + Math.Pow(Y + HalfHeight * Math.Sin(angle) - y, 2)));
    }
}
