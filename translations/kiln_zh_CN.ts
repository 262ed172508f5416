<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>kiln::studio::GraphModel</name>
    <message>
        <source>Convolution</source>
        <translation>卷积</translation>
    </message>
    <message>
        <source>Matrix multiply</source>
        <translation>矩阵乘法</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>激活</translation>
    </message>
    <message>
        <source>Normalization</source>
        <translation>归一化</translation>
    </message>
    <message>
        <source>Pooling</source>
        <translation>池化</translation>
    </message>
    <message>
        <source>Element-wise</source>
        <translation>逐元素运算</translation>
    </message>
    <message>
        <source>Reduction</source>
        <translation>规约</translation>
    </message>
    <message>
        <source>Softmax / attention</source>
        <translation>Softmax / 注意力</translation>
    </message>
    <message>
        <source>Shape and layout</source>
        <translation>形状与布局</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>量化</translation>
    </message>
    <message>
        <source>Constant</source>
        <translation>常量</translation>
    </message>
    <message>
        <source>Control and logic</source>
        <translation>控制与逻辑</translation>
    </message>
    <message>
        <source>Input / output</source>
        <translation>输入 / 输出</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>scalar</source>
        <translation>标量</translation>
    </message>
</context>
<context>
    <name>kiln::studio::GraphPanel</name>
    <message>
        <source>Layout cancelled.</source>
        <translation>布局已取消。</translation>
    </message>
    <message>
        <source>Layout failed: %1</source>
        <translation>布局失败：%1</translation>
    </message>
    <message>
        <source>Search node name, op type or tensor (Ctrl+F)</source>
        <translation>搜索节点名称、算子类型或张量（Ctrl+F）</translation>
    </message>
    <message>
        <source>Previous match</source>
        <translation>上一个匹配</translation>
    </message>
    <message>
        <source>Next match</source>
        <translation>下一个匹配</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>适应窗口</translation>
    </message>
    <message>
        <source>Fit the graph to the window</source>
        <translation>缩放计算图以适应窗口</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <source>Expand all</source>
        <translation>全部展开</translation>
    </message>
    <message>
        <source>Open every block (large graphs take longer to lay out)</source>
        <translation>展开所有模块（大型计算图的布局需要更长时间）</translation>
    </message>
    <message>
        <source>Collapse all</source>
        <translation>全部折叠</translation>
    </message>
    <message>
        <source>Close every block</source>
        <translation>折叠所有模块</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Open an ONNX model (File → Open, or drop a file here) to see its graph.</source>
        <translation>打开一个 ONNX 模型（文件 → 打开，或将文件拖放到此处）以查看其计算图。</translation>
    </message>
    <message>
        <source>No match</source>
        <translation>无匹配</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>第 %1 个，共 %2 个</translation>
    </message>
    <message>
        <source>Laying out the graph…</source>
        <translation>正在布局计算图…</translation>
    </message>
    <message>
        <source>Laying out the graph: block %1 of %2</source>
        <translation>正在布局计算图：第 %1 个模块，共 %2 个</translation>
    </message>
</context>
<context>
    <name>kiln::studio::GraphScene</name>
    <message>
        <source>Unsupported: %1</source>
        <translation>不支持：%1</translation>
    </message>
    <message>
        <source>Double-click the title to collapse</source>
        <translation>双击标题以折叠</translation>
    </message>
    <message>
        <source>Double-click to expand</source>
        <translation>双击以展开</translation>
    </message>
    <message>
        <source>%1, %2 unsupported</source>
        <translation>%1，其中 %2 个不支持</translation>
    </message>
</context>
<context>
    <name>kiln::studio::GraphStyle</name>
    <message numerus="yes">
        <source>%n node(s)</source>
        <translation>
            <numerusform>%n 个节点</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>kiln::studio::MainWindow</name>
    <message>
        <source>About Kiln Studio</source>
        <translation>关于 Kiln Studio</translation>
    </message>
    <message>
        <source>&lt;b&gt;Kiln Studio&lt;/b&gt; %1&lt;br&gt;A workbench for deep-learning inference: ONNX import, graph inspection, engine building and profiling.</source>
        <translation>&lt;b&gt;Kiln Studio&lt;/b&gt; %1&lt;br&gt;深度学习推理工作台：ONNX 导入、计算图查看、推理引擎构建与性能分析。</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Open Model…</source>
        <translation>打开模型(&amp;O)…</translation>
    </message>
    <message>
        <source>Clear List</source>
        <translation>清除列表</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Fit to Window</source>
        <translation>适应窗口(&amp;F)</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Find in Graph…</source>
        <translation>在计算图中查找(&amp;F)…</translation>
    </message>
    <message>
        <source>Show &amp;Minimap</source>
        <translation>显示缩略图(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;About Kiln Studio</source>
        <translation>关于 Kiln Studio(&amp;A)</translation>
    </message>
    <message>
        <source>System Default</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>English</source>
        <translation>英语</translation>
    </message>
    <message>
        <source>Model Summary</source>
        <translation>模型概要</translation>
    </message>
    <message>
        <source>Properties</source>
        <translation>属性</translation>
    </message>
    <message>
        <source>(no recent files)</source>
        <translation>（无最近文件）</translation>
    </message>
    <message>
        <source>Open ONNX Model</source>
        <translation>打开 ONNX 模型</translation>
    </message>
    <message>
        <source>ONNX models (*.onnx);;All files (*)</source>
        <translation>ONNX 模型 (*.onnx);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Cannot Open Model</source>
        <translation>无法打开模型</translation>
    </message>
    <message>
        <source>Kiln could not open %1.</source>
        <translation>Kiln 无法打开 %1。</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Loading model…</source>
        <translation>正在加载模型…</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <source>Ready. Open an ONNX model to begin.</source>
        <translation>就绪。打开一个 ONNX 模型以开始。</translation>
    </message>
    <message>
        <source>%1: %2 nodes, %3 unsupported</source>
        <translation>%1：%2 个节点，%3 个不支持</translation>
    </message>
    <message>
        <source>laying out…</source>
        <translation>正在布局…</translation>
    </message>
    <message>
        <source>layout %1 s, %2 collapsed blocks (double-click to open)</source>
        <translation>布局用时 %1 秒，%2 个折叠模块（双击展开）</translation>
    </message>
</context>
<context>
    <name>kiln::studio::MiniMap</name>
    <message>
        <source>Overview: click or drag to move the view</source>
        <translation>全局缩略图：单击或拖动以移动视图</translation>
    </message>
</context>
<context>
    <name>kiln::studio::ModelLoader</name>
    <message>
        <source>%1: unknown error while importing</source>
        <translation>%1：导入时发生未知错误</translation>
    </message>
</context>
<context>
    <name>kiln::studio::ModelSummary</name>
    <message numerus="yes">
        <source>%n byte(s)</source>
        <translation>
            <numerusform>%n 字节</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>kiln::studio::PropertiesPanel</name>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>&lt;i&gt;Select a node in the graph to see its properties.&lt;/i&gt;</source>
        <translation>&lt;i&gt;在计算图中选择一个节点以查看其属性。&lt;/i&gt;</translation>
    </message>
    <message>
        <source>unknown shape</source>
        <translation>形状未知</translation>
    </message>
    <message>
        <source>Graph input</source>
        <translation>计算图输入</translation>
    </message>
    <message>
        <source>Graph output</source>
        <translation>计算图输出</translation>
    </message>
    <message>
        <source>Tensor</source>
        <translation>张量</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Shape</source>
        <translation>形状</translation>
    </message>
    <message>
        <source>(unnamed node)</source>
        <translation>（未命名节点）</translation>
    </message>
    <message>
        <source>Unsupported:</source>
        <translation>不支持：</translation>
    </message>
    <message>
        <source>Attributes (%1)</source>
        <translation>属性（%1）</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Inputs (%1)</source>
        <translation>输入（%1）</translation>
    </message>
    <message>
        <source>(omitted)</source>
        <translation>（省略）</translation>
    </message>
    <message>
        <source>[constant]</source>
        <translation>[常量]</translation>
    </message>
    <message>
        <source>Outputs (%1)</source>
        <translation>输出（%1）</translation>
    </message>
    <message>
        <source>From ONNX nodes</source>
        <translation>来源 ONNX 节点</translation>
    </message>
    <message>
        <source>%1 elements of %2: no statistics for this type</source>
        <translation>%1 个 %2 元素：此类型无统计信息</translation>
    </message>
    <message>
        <source>min %1   max %2   mean %3   std %4</source>
        <translation>最小 %1   最大 %2   均值 %3   标准差 %4</translation>
    </message>
    <message>
        <source>%1 elements, %2 zeros</source>
        <translation>%1 个元素，零值占 %2</translation>
    </message>
    <message>
        <source>%1 NaN/Inf</source>
        <translation>%1 个 NaN/Inf</translation>
    </message>
    <message>
        <source>value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>count</source>
        <translation>计数</translation>
    </message>
</context>
<context>
    <name>kiln::studio::ScopeTree</name>
    <message>
        <source>Nodes %1–%2</source>
        <translation>节点 %1–%2</translation>
    </message>
</context>
<context>
    <name>kiln::studio::SummaryPanel</name>
    <message>
        <source>Property</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Graph</source>
        <translation>计算图</translation>
    </message>
    <message>
        <source>Producer</source>
        <translation>生成工具</translation>
    </message>
    <message>
        <source>(not recorded)</source>
        <translation>（未记录）</translation>
    </message>
    <message>
        <source>IR version</source>
        <translation>IR 版本</translation>
    </message>
    <message>
        <source>Opsets</source>
        <translation>算子集版本</translation>
    </message>
    <message>
        <source>Nodes</source>
        <translation>节点数</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>unknown shape</source>
        <translation>形状未知</translation>
    </message>
    <message>
        <source>Inputs</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>Outputs</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>Operators (%1 types)</source>
        <translation>算子（%1 种）</translation>
    </message>
    <message>
        <source>Unsupported nodes (%1)</source>
        <translation>不支持的节点（%1）</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>every node can be imported</source>
        <translation>所有节点均可导入</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>node %1</source>
        <translation>节点 %1</translation>
    </message>
    <message>
        <source>Importer warnings (%1)</source>
        <translation>导入警告（%1）</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Render the main views of MODEL to PNG files in DIR and exit.</source>
        <translation>将 MODEL 的主要视图渲染为 DIR 中的 PNG 文件，然后退出。</translation>
    </message>
    <message>
        <source>Interface language (en, zh_CN).</source>
        <translation>界面语言（en、zh_CN）。</translation>
    </message>
    <message>
        <source>Open a synthetic transformer with LAYERS layers.</source>
        <translation>打开一个包含 LAYERS 层的合成 Transformer 模型。</translation>
    </message>
    <message>
        <source>With --screenshot: the node to select.</source>
        <translation>与 --screenshot 一起使用：要选中的节点。</translation>
    </message>
    <message>
        <source>ONNX model to open.</source>
        <translation>要打开的 ONNX 模型。</translation>
    </message>
</context>
</TS>
