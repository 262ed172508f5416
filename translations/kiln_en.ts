<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>kiln::studio::GraphModel</name>
    <message>
        <source>Convolution</source>
        <translation>Convolution</translation>
    </message>
    <message>
        <source>Matrix multiply</source>
        <translation>Matrix multiply</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>Activation</translation>
    </message>
    <message>
        <source>Normalization</source>
        <translation>Normalization</translation>
    </message>
    <message>
        <source>Pooling</source>
        <translation>Pooling</translation>
    </message>
    <message>
        <source>Element-wise</source>
        <translation>Element-wise</translation>
    </message>
    <message>
        <source>Reduction</source>
        <translation>Reduction</translation>
    </message>
    <message>
        <source>Softmax / attention</source>
        <translation>Softmax / attention</translation>
    </message>
    <message>
        <source>Shape and layout</source>
        <translation>Shape and layout</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>Quantization</translation>
    </message>
    <message>
        <source>Constant</source>
        <translation>Constant</translation>
    </message>
    <message>
        <source>Control and logic</source>
        <translation>Control and logic</translation>
    </message>
    <message>
        <source>Input / output</source>
        <translation>Input / output</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>scalar</source>
        <translation>scalar</translation>
    </message>
</context>
<context>
    <name>kiln::studio::GraphPanel</name>
    <message>
        <source>Layout cancelled.</source>
        <translation>Layout cancelled.</translation>
    </message>
    <message>
        <source>Layout failed: %1</source>
        <translation>Layout failed: %1</translation>
    </message>
    <message>
        <source>Search node name, op type or tensor (Ctrl+F)</source>
        <translation>Search node name, op type or tensor (Ctrl+F)</translation>
    </message>
    <message>
        <source>Previous match</source>
        <translation>Previous match</translation>
    </message>
    <message>
        <source>Next match</source>
        <translation>Next match</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>Fit</translation>
    </message>
    <message>
        <source>Fit the graph to the window</source>
        <translation>Fit the graph to the window</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>Zoom in</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>Zoom out</translation>
    </message>
    <message>
        <source>Expand all</source>
        <translation>Expand all</translation>
    </message>
    <message>
        <source>Open every block (large graphs take longer to lay out)</source>
        <translation>Open every block (large graphs take longer to lay out)</translation>
    </message>
    <message>
        <source>Collapse all</source>
        <translation>Collapse all</translation>
    </message>
    <message>
        <source>Close every block</source>
        <translation>Close every block</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Open an ONNX model (File → Open, or drop a file here) to see its graph.</source>
        <translation>Open an ONNX model (File → Open, or drop a file here) to see its graph.</translation>
    </message>
    <message>
        <source>No match</source>
        <translation>No match</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 of %2</translation>
    </message>
    <message>
        <source>Laying out the graph…</source>
        <translation>Laying out the graph…</translation>
    </message>
    <message>
        <source>Laying out the graph: block %1 of %2</source>
        <translation>Laying out the graph: block %1 of %2</translation>
    </message>
</context>
<context>
    <name>kiln::studio::GraphScene</name>
    <message>
        <source>Unsupported: %1</source>
        <translation>Unsupported: %1</translation>
    </message>
    <message>
        <source>Double-click the title to collapse</source>
        <translation>Double-click the title to collapse</translation>
    </message>
    <message>
        <source>Double-click to expand</source>
        <translation>Double-click to expand</translation>
    </message>
    <message>
        <source>%1, %2 unsupported</source>
        <translation>%1, %2 unsupported</translation>
    </message>
</context>
<context>
    <name>kiln::studio::GraphStyle</name>
    <message numerus="yes">
        <source>%n node(s)</source>
        <translation>
            <numerusform>%n node</numerusform>
            <numerusform>%n nodes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>kiln::studio::MainWindow</name>
    <message>
        <source>About Kiln Studio</source>
        <translation>About Kiln Studio</translation>
    </message>
    <message>
        <source>&lt;b&gt;Kiln Studio&lt;/b&gt; %1&lt;br&gt;A workbench for deep-learning inference: ONNX import, graph inspection, engine building and profiling.</source>
        <translation>&lt;b&gt;Kiln Studio&lt;/b&gt; %1&lt;br&gt;A workbench for deep-learning inference: ONNX import, graph inspection, engine building and profiling.</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>Open &amp;Recent</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>&amp;Open Model…</source>
        <translation>&amp;Open Model…</translation>
    </message>
    <message>
        <source>Clear List</source>
        <translation>Clear List</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>&amp;Fit to Window</source>
        <translation>&amp;Fit to Window</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>Zoom &amp;In</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>Zoom &amp;Out</translation>
    </message>
    <message>
        <source>&amp;Find in Graph…</source>
        <translation>&amp;Find in Graph…</translation>
    </message>
    <message>
        <source>Show &amp;Minimap</source>
        <translation>Show &amp;Minimap</translation>
    </message>
    <message>
        <source>&amp;About Kiln Studio</source>
        <translation>&amp;About Kiln Studio</translation>
    </message>
    <message>
        <source>System Default</source>
        <translation>System Default</translation>
    </message>
    <message>
        <source>English</source>
        <translation>English</translation>
    </message>
    <message>
        <source>Model Summary</source>
        <translation>Model Summary</translation>
    </message>
    <message>
        <source>Properties</source>
        <translation>Properties</translation>
    </message>
    <message>
        <source>(no recent files)</source>
        <translation>(no recent files)</translation>
    </message>
    <message>
        <source>Open ONNX Model</source>
        <translation>Open ONNX Model</translation>
    </message>
    <message>
        <source>ONNX models (*.onnx);;All files (*)</source>
        <translation>ONNX models (*.onnx);;All files (*)</translation>
    </message>
    <message>
        <source>Cannot Open Model</source>
        <translation>Cannot Open Model</translation>
    </message>
    <message>
        <source>Kiln could not open %1.</source>
        <translation>Kiln could not open %1.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Loading model…</source>
        <translation>Loading model…</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Failed: %1</translation>
    </message>
    <message>
        <source>Ready. Open an ONNX model to begin.</source>
        <translation>Ready. Open an ONNX model to begin.</translation>
    </message>
    <message>
        <source>%1: %2 nodes, %3 unsupported</source>
        <translation>%1: %2 nodes, %3 unsupported</translation>
    </message>
    <message>
        <source>laying out…</source>
        <translation>laying out…</translation>
    </message>
    <message>
        <source>layout %1 s, %2 collapsed blocks (double-click to open)</source>
        <translation>layout %1 s, %2 collapsed blocks (double-click to open)</translation>
    </message>
</context>
<context>
    <name>kiln::studio::MiniMap</name>
    <message>
        <source>Overview: click or drag to move the view</source>
        <translation>Overview: click or drag to move the view</translation>
    </message>
</context>
<context>
    <name>kiln::studio::ModelLoader</name>
    <message>
        <source>%1: unknown error while importing</source>
        <translation>%1: unknown error while importing</translation>
    </message>
</context>
<context>
    <name>kiln::studio::ModelSummary</name>
    <message numerus="yes">
        <source>%n byte(s)</source>
        <translation>
            <numerusform>%n byte</numerusform>
            <numerusform>%n bytes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>kiln::studio::PropertiesPanel</name>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>Weights</translation>
    </message>
    <message>
        <source>&lt;i&gt;Select a node in the graph to see its properties.&lt;/i&gt;</source>
        <translation>&lt;i&gt;Select a node in the graph to see its properties.&lt;/i&gt;</translation>
    </message>
    <message>
        <source>unknown shape</source>
        <translation>unknown shape</translation>
    </message>
    <message>
        <source>Graph input</source>
        <translation>Graph input</translation>
    </message>
    <message>
        <source>Graph output</source>
        <translation>Graph output</translation>
    </message>
    <message>
        <source>Tensor</source>
        <translation>Tensor</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Shape</source>
        <translation>Shape</translation>
    </message>
    <message>
        <source>(unnamed node)</source>
        <translation>(unnamed node)</translation>
    </message>
    <message>
        <source>Unsupported:</source>
        <translation>Unsupported:</translation>
    </message>
    <message>
        <source>Attributes (%1)</source>
        <translation>Attributes (%1)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>none</translation>
    </message>
    <message>
        <source>Inputs (%1)</source>
        <translation>Inputs (%1)</translation>
    </message>
    <message>
        <source>(omitted)</source>
        <translation>(omitted)</translation>
    </message>
    <message>
        <source>[constant]</source>
        <translation>[constant]</translation>
    </message>
    <message>
        <source>Outputs (%1)</source>
        <translation>Outputs (%1)</translation>
    </message>
    <message>
        <source>From ONNX nodes</source>
        <translation>From ONNX nodes</translation>
    </message>
    <message>
        <source>%1 elements of %2: no statistics for this type</source>
        <translation>%1 elements of %2: no statistics for this type</translation>
    </message>
    <message>
        <source>min %1   max %2   mean %3   std %4</source>
        <translation>min %1   max %2   mean %3   std %4</translation>
    </message>
    <message>
        <source>%1 elements, %2 zeros</source>
        <translation>%1 elements, %2 zeros</translation>
    </message>
    <message>
        <source>%1 NaN/Inf</source>
        <translation>%1 NaN/Inf</translation>
    </message>
    <message>
        <source>value</source>
        <translation>value</translation>
    </message>
    <message>
        <source>count</source>
        <translation>count</translation>
    </message>
</context>
<context>
    <name>kiln::studio::ScopeTree</name>
    <message>
        <source>Nodes %1–%2</source>
        <translation>Nodes %1–%2</translation>
    </message>
</context>
<context>
    <name>kiln::studio::SummaryPanel</name>
    <message>
        <source>Property</source>
        <translation>Property</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation>No model loaded</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Model</translation>
    </message>
    <message>
        <source>File</source>
        <translation>File</translation>
    </message>
    <message>
        <source>Graph</source>
        <translation>Graph</translation>
    </message>
    <message>
        <source>Producer</source>
        <translation>Producer</translation>
    </message>
    <message>
        <source>(not recorded)</source>
        <translation>(not recorded)</translation>
    </message>
    <message>
        <source>IR version</source>
        <translation>IR version</translation>
    </message>
    <message>
        <source>Opsets</source>
        <translation>Opsets</translation>
    </message>
    <message>
        <source>Nodes</source>
        <translation>Nodes</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameters</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>unknown shape</source>
        <translation>unknown shape</translation>
    </message>
    <message>
        <source>Inputs</source>
        <translation>Inputs</translation>
    </message>
    <message>
        <source>Outputs</source>
        <translation>Outputs</translation>
    </message>
    <message>
        <source>Operators (%1 types)</source>
        <translation>Operators (%1 types)</translation>
    </message>
    <message>
        <source>Unsupported nodes (%1)</source>
        <translation>Unsupported nodes (%1)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>none</translation>
    </message>
    <message>
        <source>every node can be imported</source>
        <translation>every node can be imported</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>node %1</source>
        <translation>node %1</translation>
    </message>
    <message>
        <source>Importer warnings (%1)</source>
        <translation>Importer warnings (%1)</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Render the main views of MODEL to PNG files in DIR and exit.</source>
        <translation>Render the main views of MODEL to PNG files in DIR and exit.</translation>
    </message>
    <message>
        <source>Interface language (en, zh_CN).</source>
        <translation>Interface language (en, zh_CN).</translation>
    </message>
    <message>
        <source>Open a synthetic transformer with LAYERS layers.</source>
        <translation>Open a synthetic transformer with LAYERS layers.</translation>
    </message>
    <message>
        <source>With --screenshot: the node to select.</source>
        <translation>With --screenshot: the node to select.</translation>
    </message>
    <message>
        <source>ONNX model to open.</source>
        <translation>ONNX model to open.</translation>
    </message>
</context>
</TS>
