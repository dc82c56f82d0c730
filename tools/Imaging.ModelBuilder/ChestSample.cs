using EdsPlatform.Imaging.Dicom;

namespace EdsPlatform.Imaging.ModelBuilder;

/// <summary>A generated chest radiograph, pre-processed both ways, and whether an opacity was drawn in it.</summary>
public sealed record ChestSample(bool Opacity, float[] Area, float[] Bilinear)
{
    public float[] Input(Resize resize) => resize == Resize.Area ? Area : Bilinear;

    /// <summary>Seeds <paramref name="firstSeed"/> onwards; even seeds carry an opacity, so every set is half positive.</summary>
    public static IReadOnlyList<ChestSample> Generate(int firstSeed, int count) =>
    [
        .. Enumerable.Range(firstSeed, count).Select(seed =>
        {
            var opacity = seed % 2 == 0;
            var pixels = SyntheticStudies.ChestRadiographPixels(seed, opacity);
            const int size = SyntheticStudies.ChestSize;
            return new ChestSample(opacity,
                Preprocessing.Apply(pixels, size, size, Resize.Area), Preprocessing.Apply(pixels, size, size, Resize.Bilinear));
        }),
    ];
}
