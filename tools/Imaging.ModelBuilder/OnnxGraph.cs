using Onnx;
using static Onnx.TensorProto.Types;

namespace EdsPlatform.Imaging.ModelBuilder;

/// <summary>The few ONNX protobuf constructions the builders need (OnnxSharp's message classes), written once.</summary>
public static class OnnxGraph
{
    // ONNX Runtime 1.31 runs opset 17 at IR version 8; nothing newer is needed.
    private const int Opset = 17;
    private const long IrVersion = 8;

    public static ModelProto Model(GraphProto graph, string description)
    {
        // No build time or machine in the model: the same code writes the same bytes.
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "EdsPlatform.Imaging.ModelBuilder",
            ProducerVersion = "1",
            ModelVersion = 1,
            DocString = description + " Built from code on synthetic radiographs; not for clinical use.",
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        return model;
    }

    public static ValueInfoProto Value(string name, long width) => new()
    {
        Name = name,
        Type = TensorType(new TensorShapeProto.Types.Dimension { DimParam = "batch" }, Dim(width)),
    };

    public static TensorShapeProto.Types.Dimension Dim(long value) => new() { DimValue = value };

    public static TypeProto TensorType(params TensorShapeProto.Types.Dimension[] dims)
    {
        var shape = new TensorShapeProto();
        shape.Dim.AddRange(dims);
        return new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)DataType.Float, Shape = shape } };
    }

    public static TensorProto Tensor(string name, long[] dims, float[] values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)DataType.Float };
        tensor.Dims.AddRange(dims);
        tensor.FloatData.AddRange(values);
        return tensor;
    }

    public static NodeProto Node(string opType, string name, string[] inputs, string[] outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = name };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        return node;
    }

    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }
}
