<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>kiln::studio::AccuracyModel</name>
    <message>
        <source>From ONNX nodes:</source>
        <translation>来源 ONNX 节点：</translation>
    </message>
    <message>
        <source>output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>FAIL</source>
        <translation>未通过</translation>
    </message>
    <message>
        <source>pass</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Output or layer</source>
        <translation>输出或层</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>ONNX nodes</source>
        <translation>ONNX 节点数</translation>
    </message>
    <message>
        <source>Max abs error</source>
        <translation>最大绝对误差</translation>
    </message>
    <message>
        <source>Max rel error</source>
        <translation>最大相对误差</translation>
    </message>
    <message>
        <source>Cosine</source>
        <translation>余弦相似度</translation>
    </message>
    <message>
        <source>NaN / inf</source>
        <translation>NaN / 无穷大</translation>
    </message>
    <message>
        <source>NaN and infinities in the engine&apos;s values: %1 NaN, %2 +inf, %3 −inf (reference: %4 NaN, %5 +inf, %6 −inf).</source>
        <translation>引擎值中的 NaN 与无穷大：%1 个 NaN，%2 个 +inf，%3 个 −inf（参考：%4 个 NaN，%5 个 +inf，%6 个 −inf）。</translation>
    </message>
    <message>
        <source>SNR (dB)</source>
        <translation>信噪比（dB）</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>over tolerance</source>
        <translation>超出容差</translation>
    </message>
    <message>
        <source>over tolerance in layer %1</source>
        <translation>在层 %1 中超出容差</translation>
    </message>
    <message>
        <source>max |engine − reference| / max |reference|, computed in %1; the norm rule passes it up to %2.</source>
        <translation>max |引擎 − 参考| / max |参考|，以 %1 计算；归一化规则允许的上限为 %2。</translation>
    </message>
    <message>
        <source>FAIL, small values</source>
        <translation>未通过，数值过小</translation>
    </message>
    <message>
        <source>pass, small values</source>
        <translation>通过，数值过小</translation>
    </message>
    <message>
        <source>Max norm error</source>
        <translation>最大归一化误差</translation>
    </message>
    <message>
        <source>Every |reference| value is at most atol %1 (largest %2): the absolute tolerance passes values this small whatever the engine computed. Judge by cosine and max norm error.</source>
        <translation>所有 |参考| 值都不超过绝对容差 %1（最大为 %2）：无论推理引擎算出什么，绝对容差都会让如此小的值通过。请以余弦相似度和最大归一化误差来判断。</translation>
    </message>
    <message>
        <source>The reference values are tiny (largest |reference| %1): the output may carry no signal, and rounding of larger values upstream can dominate its error.</source>
        <translation>参考值极小（最大 |参考| 为 %1）：该输出可能不携带有效信号，上游较大数值的舍入误差可能主导其误差。</translation>
    </message>
    <message>
        <source>FP8 is not emulated yet: it needs a per-tensor scale (the tensor&apos;s largest magnitude) for every tensor, which the CPU emulation does not compute.</source>
        <translation>尚不支持模拟 FP8：它需要为每个张量提供逐张量缩放因子（张量的最大绝对值），而 CPU 模拟不计算该值。</translation>
    </message>
    <message>
        <source>Only FP16 and BF16 rounding can be emulated on the CPU, not %1.</source>
        <translation>CPU 上只能模拟 FP16 和 BF16 的舍入，不能模拟 %1。</translation>
    </message>
    <message>
        <source>An engine file is open: the emulation rounds an engine built here from the ONNX model on the CPU backend. Open the model to preview FP16 or BF16.</source>
        <translation>当前打开的是推理引擎文件：模拟只对在此由 ONNX 模型以 CPU 后端构建的推理引擎进行舍入。请打开模型以预览 FP16 或 BF16。</translation>
    </message>
    <message>
        <source>The emulation runs on the CPU backend, not %1: choose the CPU backend and build again (on a GPU, build in FP16 or BF16 instead).</source>
        <translation>模拟在 CPU 后端上运行，而不是 %1：请选择 CPU 后端并重新构建（在 GPU 上请直接以 FP16 或 BF16 构建）。</translation>
    </message>
    <message>
        <source>The precision this row&apos;s error is held to: the least exact one its layer and the layers before it computed in (its limit: %1).</source>
        <translation>此行误差所适用的精度：该层及其之前各层计算所用精度中最低者（上限：%1）。</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>精度</translation>
    </message>
    <message>
        <source>scalar</source>
        <translation>标量</translation>
    </message>
    <message>
        <source>Output “%1” does not match %2: its element type (dtype field) is %3, the file&apos;s %4.</source>
        <translation>输出“%1”与 %2 不匹配：其元素类型（dtype 字段）为 %3，文件中为 %4。</translation>
    </message>
    <message>
        <source>Output “%1” does not match %2: its shape (dims field) is %3, the file&apos;s %4.</source>
        <translation>输出“%1”与 %2 不匹配：其形状（dims 字段）为 %3，文件中为 %4。</translation>
    </message>
    <message>
        <source>Output “%1” against %2: max abs error %3, max norm error %4 (limit %5): %6.</source>
        <translation>输出“%1”对比 %2：最大绝对误差 %3，最大归一化误差 %4（上限 %5）：%6。</translation>
    </message>
    <message>
        <source>Compared with the stored output %1 of %2, as kiln run --test-data compares it.</source>
        <translation>与 %2 中存储的输出 %1 对比，方式与 kiln run --test-data 相同。</translation>
    </message>
    <message>
        <source>max |engine − stored| / max |stored| (%1), computed in %2; the norm rule passes it up to %3.</source>
        <translation>max |引擎 − 存储| / max |存储|（%1），以 %2 计算；归一化规则允许的上限为 %3。</translation>
    </message>
</context>
<context>
    <name>kiln::studio::AccuracyView</name>
    <message>
        <source>atol:</source>
        <translation>绝对容差：</translation>
    </message>
    <message>
        <source>rtol:</source>
        <translation>相对容差：</translation>
    </message>
    <message>
        <source>Error by depth</source>
        <translation>误差随深度变化</translation>
    </message>
    <message>
        <source>Error histogram</source>
        <translation>误差直方图</translation>
    </message>
    <message>
        <source>Comparing the engine with the reference at every layer…</source>
        <translation>正在逐层对比推理引擎与参考结果…</translation>
    </message>
    <message>
        <source>Comparison failed: %1</source>
        <translation>对比失败：%1</translation>
    </message>
    <message>
        <source>Build an engine first (Build panel), then compare it here.</source>
        <translation>请先构建推理引擎（构建面板），然后在此对比。</translation>
    </message>
    <message>
        <source>PASS: every output and every layer boundary within tolerance.</source>
        <translation>通过：所有输出和每个层边界都在容差范围内。</translation>
    </message>
    <message numerus="yes">
        <source>FAIL: %n layer(s) over tolerance.</source>
        <translation>
            <numerusform>未通过：%n 层超出容差。</numerusform>
        </translation>
    </message>
    <message>
        <source>The error first exceeds tolerance at layer %1 (ONNX: %2).</source>
        <translation>误差首次超出容差的层是 %1（ONNX：%2）。</translation>
    </message>
    <message>
        <source>Reference %1 ms, engine %2 ms.</source>
        <translation>参考 %1 毫秒，推理引擎 %2 毫秒。</translation>
    </message>
    <message>
        <source>No comparison yet</source>
        <translation>尚无对比结果</translation>
    </message>
    <message>
        <source>atol %1</source>
        <translation>绝对容差 %1</translation>
    </message>
    <message>
        <source>layer (execution order)</source>
        <translation>层（执行顺序）</translation>
    </message>
    <message>
        <source>max abs error</source>
        <translation>最大绝对误差</translation>
    </message>
    <message>
        <source>|engine − reference| of %1</source>
        <translation>%1 的 |引擎 − 参考|</translation>
    </message>
    <message>
        <source>elements</source>
        <translation>元素数</translation>
    </message>
    <message>
        <source>Relative to magnitude</source>
        <translation>相对于数值量级</translation>
    </message>
    <message>
        <source>Elementwise</source>
        <translation>逐元素</translation>
    </message>
    <message>
        <source>A tensor passes when max |engine − reference| / max |reference| is within its limit: by default %1 for fp32, %2 for tf32 and fp16, %3 for bf16, %4 for int8, %5 for fp8, following the least exact precision of the layer and the layers before it.</source>
        <translation>当 max |引擎 − 参考| / max |参考| 不超过上限时，该张量通过：默认 fp32 为 %1，tf32 和 fp16 为 %2，bf16 为 %3，int8 为 %4，fp8 为 %5，取该层及其之前各层中精度最低者。</translation>
    </message>
    <message>
        <source>An element passes when |engine − reference| ≤ atol + rtol · |reference|. Typing atol or rtol selects this rule.</source>
        <translation>当 |引擎 − 参考| ≤ 绝对容差 + 相对容差 · |参考| 时，该元素通过。输入绝对容差或相对容差即选用此规则。</translation>
    </message>
    <message>
        <source>How a tensor passes: relative to its magnitude (the default), or element by element.</source>
        <translation>张量的通过方式：相对于其数值量级（默认），或逐元素判断。</translation>
    </message>
    <message>
        <source>max norm:</source>
        <translation>最大归一化误差：</translation>
    </message>
    <message>
        <source>per precision</source>
        <translation>按精度</translation>
    </message>
    <message>
        <source>A limit typed here applies to every tensor; empty: the per-precision limits.</source>
        <translation>此处输入的上限适用于所有张量；留空则按精度使用各自的上限。</translation>
    </message>
    <message numerus="yes">
        <source>Warning: %n row(s) have values too small for the verdict to mean much (marked “small values”); judge them by cosine.</source>
        <translation>
            <numerusform>警告：%n 行的数值过小，判定结果意义不大（标为“数值过小”）；请以余弦相似度判断。</numerusform>
        </translation>
    </message>
    <message>
        <source>Rule: max norm error ≤ %1.</source>
        <translation>规则：最大归一化误差 ≤ %1。</translation>
    </message>
    <message>
        <source>Rule: max norm error within the limit of each tensor’s precision.</source>
        <translation>规则：最大归一化误差不超过各张量精度对应的上限。</translation>
    </message>
    <message>
        <source>Rule: elementwise, atol %1, rtol %2.</source>
        <translation>规则：逐元素，绝对容差 %1，相对容差 %2。</translation>
    </message>
    <message>
        <source>limit %1</source>
        <translation>上限 %1</translation>
    </message>
    <message>
        <source>max norm error</source>
        <translation>最大归一化误差</translation>
    </message>
    <message>
        <source>Engine ready. Compare it with the unoptimized FP32 reference on the inputs chosen above.</source>
        <translation>推理引擎已就绪。可在上方所选的输入上与未优化的 FP32 参考结果对比。</translation>
    </message>
    <message>
        <source>Emulate on the CPU:</source>
        <translation>在 CPU 上模拟：</translation>
    </message>
    <message>
        <source>None (FP32)</source>
        <translation>无（FP32）</translation>
    </message>
    <message>
        <source>Preview a GPU build&apos;s FP16 or BF16 error on the CPU, as kiln compare --emulate does: the weights, the inputs and every layer&apos;s float outputs rounded to that type (to nearest even), FP32 math in between, each layer held to that precision&apos;s limit. An estimate, not a GPU run.</source>
        <translation>在 CPU 上预览 GPU 以 FP16 或 BF16 构建时的误差，与 kiln compare --emulate 相同：权重、输入和每层的浮点输出都舍入到该类型（就近舍入到偶数），其间以 FP32 计算，每层按该精度的上限判定。这只是估计，并非 GPU 运行。</translation>
    </message>
    <message>
        <source>Comparing the engine, %1 emulated on the CPU, with the reference at every layer…</source>
        <translation>正在逐层对比推理引擎（在 CPU 上模拟 %1）与参考结果…</translation>
    </message>
    <message>
        <source>%1 emulated on the CPU (weights, inputs and every layer&apos;s float outputs rounded to %1, FP32 math in between): an estimate of a GPU %1 build&apos;s error, not a GPU run.</source>
        <translation>在 CPU 上模拟 %1（权重、输入和每层的浮点输出舍入到 %1，其间以 FP32 计算）：这是对 GPU 上 %1 构建误差的估计，并非 GPU 运行。</translation>
    </message>
    <message>
        <source>Expected:</source>
        <translation>期望值：</translation>
    </message>
    <message>
        <source>Reference run</source>
        <translation>参考运行</translation>
    </message>
    <message>
        <source>The unoptimized FP32 model on the CPU, run on the same inputs.</source>
        <translation>未优化的 FP32 模型，在 CPU 上以相同输入运行。</translation>
    </message>
    <message>
        <source>Stored outputs of the test data set</source>
        <translation>测试数据集中存储的输出</translation>
    </message>
    <message>
        <source>Stored outputs of %1</source>
        <translation>%1 中存储的输出</translation>
    </message>
    <message>
        <source>Compare the engine&apos;s outputs with the outputs stored in the test data set chosen as the input (output_0.pb, …), under the same rule as kiln run --test-data; the layer boundaries are still compared with the reference run.</source>
        <translation>将推理引擎的输出与作为输入所选测试数据集中存储的输出（output_0.pb、…）对比，规则与 kiln run --test-data 相同；各层边界仍与参考运行对比。</translation>
    </message>
    <message>
        <source>What the engine&apos;s outputs are compared with.</source>
        <translation>推理引擎的输出与什么对比。</translation>
    </message>
    <message>
        <source>Expected stored outputs: %1</source>
        <translation>期望值为存储的输出：%1</translation>
    </message>
    <message>
        <source>FAIL: output %1 does not match the stored outputs of %2.</source>
        <translation>未通过：输出 %1 与 %2 中存储的输出不符。</translation>
    </message>
    <message numerus="yes">
        <source>%n layer(s) over tolerance against the reference run.</source>
        <translation>
            <numerusform>与参考运行相比，%n 层超出容差。</numerusform>
        </translation>
    </message>
    <message>
        <source>Expected: stored outputs of %1 for the model&apos;s outputs; the layer boundaries against the reference run.</source>
        <translation>期望值：模型输出对比 %1 中存储的输出；各层边界对比参考运行。</translation>
    </message>
    <message>
        <source>|engine − stored| of %1 (%2)</source>
        <translation>%1 的 |引擎 − 存储|（%2）</translation>
    </message>
    <message>
        <source>Find Layers to Keep in FP32</source>
        <translation>查找需保持为 FP32 的层</translation>
    </message>
    <message>
        <source>the max norm typed here (%1)</source>
        <translation>此处输入的最大归一化误差（%1）</translation>
    </message>
    <message>
        <source>%1&apos;s default limit (max norm %2)</source>
        <translation>%1 的默认上限（最大归一化误差 %2）</translation>
    </message>
    <message>
        <source>Search for a small set of layers to keep in FP32 so that the %1 engine&apos;s outputs meet %2, as kiln debug-precision does: the whole engine in %1 first, then the layers ranked by their own error, a binary search over that ranking and a pass removing pins that are not needed. It builds from the build settings and runs on the chosen inputs; the layers are named by their ONNX nodes.</source>
        <translation>查找一小组需保持为 FP32 的层，使 %1 推理引擎的输出满足%2，与 kiln debug-precision 相同：先将整个推理引擎设为 %1，再按各层自身误差排名，在排名上二分搜索，最后去掉不需要的固定。它按构建设置构建，并在所选的输入上运行；各层以其 ONNX 节点命名。</translation>
    </message>
</context>
<context>
    <name>kiln::studio::BodyStack</name>
    <message>
        <source>main</source>
        <translation>主图</translation>
    </message>
</context>
<context>
    <name>kiln::studio::BuildComparisonModel</name>
    <message>
        <source>Build %1 (%2): %3 %4/%5</source>
        <translation>构建 %1（%2）：%3 %4/%5</translation>
    </message>
    <message>
        <source>Profiling %1 (%2)…</source>
        <translation>正在分析 %1（%2）的性能…</translation>
    </message>
    <message>
        <source>Comparing %1 (%2) with the reference…</source>
        <translation>正在将 %1（%2）与参考结果对比…</translation>
    </message>
    <message>
        <source>(no ONNX node)</source>
        <translation>（无 ONNX 节点）</translation>
    </message>
    <message>
        <source>Layers A</source>
        <translation>A 的层</translation>
    </message>
    <message>
        <source>A median (ms)</source>
        <translation>A 中位数（毫秒）</translation>
    </message>
    <message>
        <source>A max error</source>
        <translation>A 最大误差</translation>
    </message>
    <message>
        <source>Layers B</source>
        <translation>B 的层</translation>
    </message>
    <message>
        <source>B median (ms)</source>
        <translation>B 中位数（毫秒）</translation>
    </message>
    <message>
        <source>B max error</source>
        <translation>B 最大误差</translation>
    </message>
    <message>
        <source>Δ ms (B − A)</source>
        <translation>Δ 毫秒（B − A）</translation>
    </message>
    <message>
        <source>Δ %</source>
        <translation>Δ %</translation>
    </message>
    <message>
        <source>There is no build comparison yet.</source>
        <translation>还没有构建对比结果。</translation>
    </message>
    <message>
        <source>ONNX source nodes</source>
        <translation>ONNX 来源节点</translation>
    </message>
    <message>
        <source>%1 has input “%2”, %3 has not (its inputs: %4): they come from different models.</source>
        <translation>%1 有输入“%2”，%3 没有（其输入：%4）：它们来自不同的模型。</translation>
    </message>
    <message>
        <source>Input “%1” is %2 in %3 and %4 in %5: they come from different models.</source>
        <translation>输入“%1”在 %3 中为 %2，在 %5 中为 %4：它们来自不同的模型。</translation>
    </message>
    <message>
        <source>Reading engine %1 (%2)…</source>
        <translation>正在读取推理引擎 %1（%2）…</translation>
    </message>
    <message>
        <source>the model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>engine %1</source>
        <translation>推理引擎 %1</translation>
    </message>
    <message>
        <source>level 0 build</source>
        <translation>级别 0 构建</translation>
    </message>
    <message>
        <source>Comparing A and B with the reference…</source>
        <translation>正在将 A 和 B 与参考结果对比…</translation>
    </message>
    <message>
        <source>Comparing the outputs of B with A…</source>
        <translation>正在将 B 的输出与 A 对比…</translation>
    </message>
    <message>
        <source>%1 has output “%2”, %3 has not.</source>
        <translation>%1 有输出“%2”，%3 没有。</translation>
    </message>
    <message>
        <source>A: %1; B: %2</source>
        <translation>A：%1；B：%2</translation>
    </message>
</context>
<context>
    <name>kiln::studio::BuildComparisonView</name>
    <message>
        <source>level %1</source>
        <translation>级别 %1</translation>
    </message>
    <message>
        <source>%1, level %2</source>
        <translation>%1，级别 %2</translation>
    </message>
    <message>
        <source>Build %1</source>
        <translation>构建 %1</translation>
    </message>
    <message>
        <source>Settings:</source>
        <translation>设置：</translation>
    </message>
    <message>
        <source>Optimization level:</source>
        <translation>优化级别：</translation>
    </message>
    <message>
        <source>Build panel settings</source>
        <translation>构建面板中的设置</translation>
    </message>
    <message>
        <source>Settings file…</source>
        <translation>设置文件…</translation>
    </message>
    <message>
        <source>Building and profiling both sides…</source>
        <translation>正在构建并分析两侧的性能…</translation>
    </message>
    <message>
        <source>Comparison failed: %1</source>
        <translation>对比失败：%1</translation>
    </message>
    <message>
        <source>An engine file has no ONNX model to rebuild: open the model to compare builds.</source>
        <translation>推理引擎文件中没有可重新构建的 ONNX 模型：请打开模型后再对比构建。</translation>
    </message>
    <message>
        <source>Pick the settings of builds A and B, then compare: each is built, profiled and checked against the reference, and layers are matched by the ONNX nodes they cover.</source>
        <translation>选择构建 A 和 B 的设置后开始对比：两者分别构建、分析性能并与参考结果对比，各层按其覆盖的 ONNX 节点进行匹配。</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) matched by ONNX provenance; %1 differ between A and B.</source>
        <translation>
            <numerusform>按 ONNX 来源匹配出 %n 行；其中 %1 行在 A 与 B 之间不同。</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;b&gt;A&lt;/b&gt; (%1): %2 layers, %3 ms, output error %4 &amp;nbsp;&amp;nbsp; &lt;b&gt;B&lt;/b&gt; (%5): %6 layers, %7 ms, output error %8 &amp;nbsp;&amp;nbsp; &lt;b&gt;Δ&lt;/b&gt; &lt;span style=&apos;color:%9&apos;&gt;%10 ms (%11 %)&lt;/span&gt;</source>
        <translation>&lt;b&gt;A&lt;/b&gt;（%1）：%2 层，%3 毫秒，输出误差 %4 &amp;nbsp;&amp;nbsp; &lt;b&gt;B&lt;/b&gt;（%5）：%6 层，%7 毫秒，输出误差 %8 &amp;nbsp;&amp;nbsp; &lt;b&gt;Δ&lt;/b&gt; &lt;span style='color:%9'&gt;%10 毫秒（%11 %）&lt;/span&gt;</translation>
    </message>
    <message>
        <source>No comparison yet</source>
        <translation>尚无对比结果</translation>
    </message>
    <message>
        <source>(no ONNX node)</source>
        <translation>（无 ONNX 节点）</translation>
    </message>
    <message>
        <source>A: %1</source>
        <translation>A：%1</translation>
    </message>
    <message>
        <source>B: %1</source>
        <translation>B：%1</translation>
    </message>
    <message>
        <source>median ms (rows with the most time)</source>
        <translation>中位数毫秒（耗时最多的行）</translation>
    </message>
</context>
<context>
    <name>kiln::studio::BuildController</name>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Optimize</source>
        <translation>优化</translation>
    </message>
    <message>
        <source>Select tactics</source>
        <translation>选择策略</translation>
    </message>
    <message>
        <source>Serialize</source>
        <translation>序列化</translation>
    </message>
    <message numerus="yes">
        <source>Build started: optimization level %1, %n profile(s).</source>
        <translation>
            <numerusform>开始构建：优化级别 %1，%n 个优化配置。</numerusform>
        </translation>
    </message>
    <message>
        <source>[%1] started</source>
        <translation>[%1] 开始</translation>
    </message>
    <message>
        <source>[%1] layer %2 of %3: %4</source>
        <translation>[%1] 第 %2 层，共 %3 层：%4</translation>
    </message>
    <message>
        <source>Build cancelled.</source>
        <translation>构建已取消。</translation>
    </message>
    <message>
        <source>Build failed: %1</source>
        <translation>构建失败：%1</translation>
    </message>
    <message numerus="yes">
        <source>Built %n layer(s) in %1 ms (%2 → %3 nodes).</source>
        <translation>
            <numerusform>构建完成：%n 层，用时 %1 毫秒（%2 → %3 个节点）。</numerusform>
        </translation>
    </message>
    <message>
        <source>There is no engine yet: build one first.</source>
        <translation>还没有推理引擎：请先构建。</translation>
    </message>
    <message>
        <source>Calibrate</source>
        <translation>校准</translation>
    </message>
    <message>
        <source>[%1] done: %2</source>
        <translation>[%1] 完成：%2</translation>
    </message>
    <message>
        <source>[%1] batch %2 of %3: %4</source>
        <translation>[%1] 第 %2 批（共 %3 批）：%4</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>警告：%1</translation>
    </message>
    <message>
        <source>Fusions timed against their unfused nodes: %1 kept, %2 reverted</source>
        <translation>融合层与其未融合节点的计时对比：保留 %1 个，撤销 %2 个</translation>
    </message>
    <message>
        <source>, %1 not compared</source>
        <translation>，%1 个未比较</translation>
    </message>
    <message>
        <source> (%1 decided by the timing cache)</source>
        <translation>（%1 个由计时缓存决定）</translation>
    </message>
    <message>
        <source>%1 (%2) — %3</source>
        <translation>%1（%2）— %3</translation>
    </message>
    <message>
        <source>%1.</source>
        <comment>ends the fusion timing summary</comment>
        <translation>%1。</translation>
    </message>
</context>
<context>
    <name>kiln::studio::BuildPanel</name>
    <message>
        <source>Timing Cache File</source>
        <translation>计时缓存文件</translation>
    </message>
    <message>
        <source>Timing caches (*.cache *.bin);;All files (*)</source>
        <translation>计时缓存 (*.cache *.bin);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Calibration Data Folder</source>
        <translation>校准数据文件夹</translation>
    </message>
    <message>
        <source>Building…</source>
        <translation>正在构建…</translation>
    </message>
    <message numerus="yes">
        <source>Built: %n layer(s).</source>
        <translation>
            <numerusform>已构建：%n 层。</numerusform>
        </translation>
    </message>
    <message>
        <source>Build failed.</source>
        <translation>构建失败。</translation>
    </message>
    <message>
        <source>Build cancelled.</source>
        <translation>构建已取消。</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Precisions the builder may use</source>
        <translation>构建器可使用的精度</translation>
    </message>
    <message>
        <source>Per-layer precision overrides</source>
        <translation>逐层精度覆盖</translation>
    </message>
    <message>
        <source>Optimization profiles (dynamic inputs)</source>
        <translation>优化配置（动态输入）</translation>
    </message>
    <message>
        <source>Build</source>
        <translation>构建</translation>
    </message>
    <message>
        <source>Backend:</source>
        <translation>后端：</translation>
    </message>
    <message>
        <source>Sparsity:</source>
        <translation>稀疏：</translation>
    </message>
    <message>
        <source>Workspace limit:</source>
        <translation>工作空间上限：</translation>
    </message>
    <message>
        <source> MiB</source>
        <translation> MiB</translation>
    </message>
    <message>
        <source>Optimization level:</source>
        <translation>优化级别：</translation>
    </message>
    <message>
        <source>Timing cache:</source>
        <translation>计时缓存：</translation>
    </message>
    <message>
        <source>none (tactics are timed on every build)</source>
        <translation>无（每次构建都重新计时策略）</translation>
    </message>
    <message>
        <source>Calibration data:</source>
        <translation>校准数据：</translation>
    </message>
    <message>
        <source>folder of input tensors (.pb / .npy)</source>
        <translation>输入张量文件夹（.pb / .npy）</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Enabled (where weights are 2:4 sparse)</source>
        <translation>开启（权重为 2:4 稀疏时）</translation>
    </message>
    <message>
        <source>Forced</source>
        <translation>强制</translation>
    </message>
    <message>
        <source>CUDA (not available)</source>
        <translation>CUDA（不可用）</translation>
    </message>
    <message>
        <source>Layer, ONNX node or op type</source>
        <translation>层、ONNX 节点或算子类型</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>精度</translation>
    </message>
    <message>
        <source>Add override</source>
        <translation>添加覆盖</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Add profile</source>
        <translation>添加配置</translation>
    </message>
    <message>
        <source>Remove profile</source>
        <translation>删除配置</translation>
    </message>
    <message>
        <source>Every input of this model has a static shape: the engine gets one implicit profile.</source>
        <translation>此模型的所有输入均为静态形状：推理引擎使用一个隐式配置。</translation>
    </message>
    <message>
        <source>Profile %1</source>
        <translation>配置 %1</translation>
    </message>
    <message>
        <source>Not built yet.</source>
        <translation>尚未构建。</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>Min</source>
        <translation>最小</translation>
    </message>
    <message>
        <source>Opt</source>
        <translation>最优</translation>
    </message>
    <message>
        <source>Max</source>
        <translation>最大</translation>
    </message>
    <message>
        <source>✓ Settings are valid.</source>
        <translation>✓ 设置有效。</translation>
    </message>
    <message>
        <source>✗ %1</source>
        <translation>✗ %1</translation>
    </message>
    <message>
        <source>%1: layer %2 of %3 — %4</source>
        <translation>%1：第 %2 层，共 %3 层 — %4</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n layer(s)</source>
        <translation>
            <numerusform>%1：%n 层</numerusform>
        </translation>
    </message>
    <message>
        <source>Calibration Cache File</source>
        <translation>校准缓存文件</translation>
    </message>
    <message>
        <source>Calibration caches (*.calib *.cache);;All files (*)</source>
        <translation>校准缓存 (*.calib *.cache);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Used when INT8 is allowed: per-tensor ranges are computed on this data (or read from the cache) and stored in the engine. The CPU backend still computes in FP32.</source>
        <translation>允许 INT8 时使用：在这些数据上计算每个张量的动态范围（或从缓存读取），并保存在推理引擎中。CPU 后端仍以 FP32 计算。</translation>
    </message>
    <message>
        <source>Calibrator:</source>
        <translation>校准算法：</translation>
    </message>
    <message>
        <source>Entropy (KL divergence)</source>
        <translation>熵（KL 散度）</translation>
    </message>
    <message>
        <source>Min-max</source>
        <translation>最小-最大值</translation>
    </message>
    <message>
        <source>Percentile</source>
        <translation>百分位数</translation>
    </message>
    <message>
        <source>Percentile:</source>
        <translation>百分位数：</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source>Calibration batches:</source>
        <translation>校准批次：</translation>
    </message>
    <message>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Calibration cache:</source>
        <translation>校准缓存：</translation>
    </message>
    <message>
        <source>none (calibrate on every build)</source>
        <translation>无（每次构建都重新校准）</translation>
    </message>
    <message>
        <source>%1: batch %2 of %3</source>
        <translation>%1：第 %2 批，共 %3 批</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n batch(es)</source>
        <translation>
            <numerusform>%1：%n 批</numerusform>
        </translation>
    </message>
    <message>
        <source>Overrides (by name or op type)</source>
        <translation>覆盖（按名称或算子类型）</translation>
    </message>
    <message>
        <source>All layers</source>
        <translation>所有层</translation>
    </message>
    <message>
        <source>Time each fusion against its unfused nodes</source>
        <translation>将每个融合与其未融合的节点计时比较</translation>
    </message>
    <message>
        <source>Keeps a fused layer only where it is not slower than the nodes it replaced. Off: every fusion is kept untimed (a faster build).</source>
        <translation>仅在融合层不慢于其替换的节点时保留它。关闭时：所有融合都不计时直接保留（构建更快）。</translation>
    </message>
</context>
<context>
    <name>kiln::studio::BuildSettingsModel</name>
    <message>
        <source>&apos;%1&apos; is not a shape; write the dims like 1x3x224x224</source>
        <translation>“%1”不是形状；请按 1x3x224x224 的格式填写各维</translation>
    </message>
</context>
<context>
    <name>kiln::studio::EngineLayerModel</name>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Backend: %1</source>
        <translation>后端：%1</translation>
    </message>
    <message>
        <source>Format: %1</source>
        <translation>格式：%1</translation>
    </message>
    <message>
        <source>Inserted by the builder: no ONNX node stands behind this layer.</source>
        <translation>由构建器插入：此层没有对应的 ONNX 节点。</translation>
    </message>
    <message>
        <source>From ONNX nodes:</source>
        <translation>来源 ONNX 节点：</translation>
    </message>
    <message>
        <source>inserted by the builder</source>
        <translation>由构建器插入</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Backend</source>
        <translation>后端</translation>
    </message>
    <message>
        <source>From ONNX nodes</source>
        <translation>来源 ONNX 节点</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>kept — fused %1 ms, unfused %2 ms (%3×)</source>
        <translation>保留 — 融合 %1 ms，未融合 %2 ms（%3×）</translation>
    </message>
    <message>
        <source>reverted — fused %1 ms, unfused %2 ms (%3×)</source>
        <translation>已撤销 — 融合 %1 ms，未融合 %2 ms（%3×）</translation>
    </message>
    <message>
        <source>not compared</source>
        <translation>未比较</translation>
    </message>
    <message>
        <source>, from the timing cache</source>
        <translation>，来自计时缓存</translation>
    </message>
    <message numerus="yes">
        <source>Fusion kept: the fused layer ran in %1 ms, its %n node(s) unfused in %2 ms.</source>
        <translation>
            <numerusform>融合已保留：融合层耗时 %1 ms，其 %n 个节点未融合时耗时 %2 ms。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Reverted: its %n node(s) ran in %1 ms, the fused layer in %2 ms.</source>
        <translation>
            <numerusform>已撤销：其 %n 个节点耗时 %1 ms，融合层耗时 %2 ms。</numerusform>
        </translation>
    </message>
    <message>
        <source>Fusion not compared with its unfused nodes.</source>
        <translation>该融合未与其未融合的节点比较。</translation>
    </message>
    <message>
        <source>Fusion not compared with its unfused nodes: %1</source>
        <translation>该融合未与其未融合的节点比较：%1</translation>
    </message>
    <message>
        <source>(From the timing cache: nothing was timed in this build.)</source>
        <translation>（来自计时缓存：本次构建未重新计时。）</translation>
    </message>
    <message>
        <source>Fusion vs unfused</source>
        <translation>融合与未融合对比</translation>
    </message>
</context>
<context>
    <name>kiln::studio::FusionView</name>
    <message>
        <source>Optimization level:</source>
        <translation>优化级别：</translation>
    </message>
    <message>
        <source>0 — none</source>
        <translation>0 — 不优化</translation>
    </message>
    <message>
        <source>1 — clean-ups (constant folding, BatchNorm folding)</source>
        <translation>1 — 清理（常量折叠、BatchNorm 折叠）</translation>
    </message>
    <message>
        <source>2 — + vertical fusions (epilogues, pointwise chains)</source>
        <translation>2 — + 纵向融合（尾处理融合、逐元素链）</translation>
    </message>
    <message>
        <source>3 — + horizontal and attention fusions</source>
        <translation>3 — + 横向融合与注意力融合</translation>
    </message>
    <message>
        <source>Re-optimizes the model at this level; the right-hand graph updates.</source>
        <translation>按此级别重新优化模型；右侧计算图随之更新。</translation>
    </message>
    <message>
        <source>Fusion or rewrite</source>
        <translation>融合或改写</translation>
    </message>
    <message>
        <source>Times fired</source>
        <translation>触发次数</translation>
    </message>
    <message numerus="yes">
        <source>Original ONNX graph — %n node(s)</source>
        <translation>
            <numerusform>原始 ONNX 计算图 — %n 个节点</numerusform>
        </translation>
    </message>
    <message>
        <source>Optimized graph</source>
        <translation>优化后的计算图</translation>
    </message>
    <message>
        <source>Open a model to see what the optimizer does to it.</source>
        <translation>打开一个模型，查看优化器对它做了什么。</translation>
    </message>
    <message>
        <source>Optimizing at level %1…</source>
        <translation>正在按级别 %1 优化…</translation>
    </message>
    <message>
        <source>Optimization failed: %1</source>
        <translation>优化失败：%1</translation>
    </message>
    <message numerus="yes">
        <source>Optimized at level %1 — %n layer(s)</source>
        <translation>
            <numerusform>级别 %1 优化后 — %n 层</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 → %2 nodes, %3 rewrites in %4 round(s), %5 ms. Click a node on either side to see where it came from or what it became.</source>
        <translation>%1 → %2 个节点，%4 轮共 %3 次改写，用时 %5 毫秒。单击任一侧的节点，查看它的来源或它变成了什么。</translation>
    </message>
    <message>
        <source>(nothing fired at this level)</source>
        <translation>（此级别下没有触发任何融合）</translation>
    </message>
    <message>
        <source>Re-optimizes the model at this level; the lower graph updates.</source>
        <translation>按此级别重新优化模型；下方计算图随之更新。</translation>
    </message>
    <message>
        <source>One over the other</source>
        <translation>上下排列</translation>
    </message>
    <message>
        <source>Show the optimized graph below the original instead of beside it.</source>
        <translation>将优化后的计算图显示在原图下方，而非并排显示。</translation>
    </message>
    <message>
        <source>Fusions</source>
        <translation>融合</translation>
    </message>
    <message numerus="yes">
        <source>Engine layers (%n)</source>
        <translation>
            <numerusform>推理引擎层（%n）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The layers of the engine: where each runs, what it came from, and the %n layer(s) the builder inserted (copies between devices, reformats).</source>
        <translation>
            <numerusform>推理引擎的各层：每层在哪里运行、来自何处，以及构建器插入的 %n 层（设备间复制、格式转换）。</numerusform>
        </translation>
    </message>
    <message>
        <source>Fusions timed against their unfused nodes: %1 kept, %2 reverted.</source>
        <translation>融合层与其未融合节点的计时对比：保留 %1 个，撤销 %2 个。</translation>
    </message>
    <message>
        <source>Reverted fusions have a dotted purple frame on the optimized graph.</source>
        <translation>已撤销的融合在优化后的计算图上以紫色点线框标出。</translation>
    </message>
</context>
<context>
    <name>kiln::studio::GraphExport</name>
    <message>
        <source>There is no laid-out graph to export.</source>
        <translation>没有已完成布局的计算图可供导出。</translation>
    </message>
    <message>
        <source>Exported by Kiln Studio</source>
        <translation>由 Kiln Studio 导出</translation>
    </message>
    <message>
        <source>%1: the image (%2×%3) is too large</source>
        <translation>%1：图像（%2×%3）过大</translation>
    </message>
    <message>
        <source>cannot write the image</source>
        <translation>无法写入图像</translation>
    </message>
</context>
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
    <message>
        <source>Name scopes</source>
        <translation>名称作用域</translation>
    </message>
    <message>
        <source>Repeated structure</source>
        <translation>重复结构</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>name scopes</source>
        <translation>名称作用域</translation>
    </message>
    <message>
        <source>repeated structure</source>
        <translation>重复结构</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>Automatic (%1)</source>
        <translation>自动（%1）</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>分组</translation>
    </message>
    <message>
        <source>How nodes are grouped into collapsible blocks: %1</source>
        <translation>节点分组为可折叠模块的方式：%1</translation>
    </message>
    <message>
        <source>◂ Back</source>
        <translation>◂ 返回</translation>
    </message>
    <message>
        <source>Back to the enclosing graph (%1)</source>
        <translation>返回外层计算图（%1）</translation>
    </message>
    <message>
        <source>main</source>
        <translation>主图</translation>
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
    <message>
        <source>Fused from %1 ONNX nodes:</source>
        <translation>由 %1 个 ONNX 节点融合而成：</translation>
    </message>
    <message>
        <source>Double-click to open %1; right-click for every body</source>
        <translation>双击以打开 %1；右键单击可选择任一子图</translation>
    </message>
    <message>
        <source>Open body ▸ %1</source>
        <translation>打开子图 ▸ %1</translation>
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
    <name>kiln::studio::LayerPrecisionModel</name>
    <message>
        <source>%1 (computed %2 on %3)</source>
        <translation>%1（在 %3 上以 %2 计算）</translation>
    </message>
    <message>
        <source>network default</source>
        <translation>网络默认</translation>
    </message>
    <message>
        <source>override &quot;%1&quot; by layer</source>
        <translation>按层覆盖“%1”</translation>
    </message>
    <message>
        <source>override &quot;%1&quot; by op type</source>
        <translation>按算子类型覆盖“%1”</translation>
    </message>
    <message>
        <source>override &quot;%1&quot; by ONNX node</source>
        <translation>按 ONNX 节点覆盖“%1”</translation>
    </message>
    <message>
        <source>override &quot;%1&quot; by ONNX op type</source>
        <translation>按 ONNX 算子类型覆盖“%1”</translation>
    </message>
    <message>
        <source>A by-layer override for %1 (double-click to change; none removes it). Op-type overrides are edited in the Overrides tab.</source>
        <translation>%1 的逐层覆盖（双击修改；选“无”即删除）。按算子类型的覆盖在“覆盖”页中编辑。</translation>
    </message>
    <message>
        <source>The precision the next build stores for this node&apos;s layer (a fused layer takes the precision of any override matching one of its nodes).</source>
        <translation>下次构建为此节点所在层保存的精度（融合层采用与其任一节点匹配的覆盖所给的精度）。</translation>
    </message>
    <message>
        <source>The %1 backend has no %2 kernels yet: the layer is stored as %2 (int8 with its calibrated ranges) and computed in %3.</source>
        <translation>%1 后端尚无 %2 内核：该层按 %2 保存（int8 连同其校准范围），以 %3 计算。</translation>
    </message>
    <message>
        <source>Engine layer %1 (%2), from ONNX nodes: %3</source>
        <translation>推理引擎层 %1（%2），来自 ONNX 节点：%3</translation>
    </message>
    <message>
        <source>The precision the last built engine stores for this layer.</source>
        <translation>最近构建的推理引擎为该层保存的精度。</translation>
    </message>
    <message>
        <source>The by-layer override of this node (editable)</source>
        <translation>此节点的逐层覆盖（可编辑）</translation>
    </message>
    <message>
        <source>What the next build stores, and what the backend computes when that differs</source>
        <translation>下次构建保存的精度；若后端实际计算精度不同，一并列出</translation>
    </message>
    <message>
        <source>The network default or the override that decides the precision (the last matching override wins)</source>
        <translation>决定精度的是网络默认值还是某条覆盖（最后一条匹配的覆盖生效）</translation>
    </message>
    <message>
        <source>After a build: the engine layer this node ended up in</source>
        <translation>构建后：此节点所在的推理引擎层</translation>
    </message>
    <message>
        <source>After a build: that layer&apos;s precision in the engine</source>
        <translation>构建后：该层在推理引擎中的精度</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Op type</source>
        <translation>算子类型</translation>
    </message>
    <message>
        <source>Override</source>
        <translation>覆盖</translation>
    </message>
    <message>
        <source>Resulting precision</source>
        <translation>最终精度</translation>
    </message>
    <message>
        <source>Set by</source>
        <translation>决定方式</translation>
    </message>
    <message>
        <source>Engine layer</source>
        <translation>推理引擎层</translation>
    </message>
    <message>
        <source>Built precision</source>
        <translation>构建后的精度</translation>
    </message>
    <message>
        <source>Backend: %1</source>
        <translation>后端：%1</translation>
    </message>
    <message>
        <source>Format: %1</source>
        <translation>格式：%1</translation>
    </message>
</context>
<context>
    <name>kiln::studio::LayerPrecisionView</name>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Filter by layer name or op type</source>
        <translation>按层名称或算子类型筛选</translation>
    </message>
    <message>
        <source>Open a model to see the precision of each layer.</source>
        <translation>打开模型以查看每一层的精度。</translation>
    </message>
    <message numerus="yes">
        <source>%n layer(s): %1 set by their own override, %2 by an op-type override, the rest at the network default (%3).</source>
        <translation>
            <numerusform>%n 层：%1 层由其自身的覆盖决定，%2 层由算子类型覆盖决定，其余为网络默认值（%3）。</numerusform>
        </translation>
    </message>
    <message>
        <source>The last two columns show the built engine.</source>
        <translation>最后两列显示已构建的推理引擎。</translation>
    </message>
</context>
<context>
    <name>kiln::studio::LibraryText</name>
    <message>
        <source>no importer for this op</source>
        <translation>没有该算子的导入器</translation>
    </message>
    <message>
        <source>ONNX shape inference skipped: the model did not go through the ONNX checker; shapes are computed at run time</source>
        <translation>已跳过 ONNX 形状推断：模型未经过 ONNX 检查器；形状在运行时计算</translation>
    </message>
    <message>
        <source>%1: field &apos;%2&apos;: %3</source>
        <translation>%1：字段“%2”：%3</translation>
    </message>
    <message>
        <source>%1: invalid JSON: %2</source>
        <translation>%1：JSON 无效：%2</translation>
    </message>
    <message>
        <source>%1: cannot open the builder config file</source>
        <translation>%1：无法打开构建配置文件</translation>
    </message>
    <message>
        <source>%1: cannot write the builder config file</source>
        <translation>%1：无法写入构建配置文件</translation>
    </message>
    <message>
        <source>%1: cannot write the builder config file: %2</source>
        <translation>%1：无法写入构建配置文件：%2</translation>
    </message>
    <message>
        <source>%1: writing the builder config file failed</source>
        <translation>%1：写入构建配置文件失败</translation>
    </message>
    <message>
        <source>expected %1, got %2</source>
        <translation>应为%1，实际为%2</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not one of %2</source>
        <translation>“%1”不是以下值之一：%2</translation>
    </message>
    <message>
        <source>unknown field</source>
        <translation>未知字段</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>缺失</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>%1 is outside 0..3</source>
        <translation>%1 超出范围 0..3</translation>
    </message>
    <message>
        <source>%1 must be &gt;= %2</source>
        <translation>%1 必须 &gt;= %2</translation>
    </message>
    <message>
        <source>%1 is not supported by the %2 backend (it supports %3)</source>
        <translation>%2 后端不支持 %1（它支持 %3）</translation>
    </message>
    <message>
        <source>empty</source>
        <translation>为空</translation>
    </message>
    <message>
        <source>%1 for &apos;%2&apos; is not enabled in precisions</source>
        <translation>“%2”使用的 %1 未在精度列表中启用</translation>
    </message>
    <message>
        <source>min %1, opt %2 and max %3 must have the same rank</source>
        <translation>最小 %1、最优 %2 和最大 %3 的秩必须相同</translation>
    </message>
    <message>
        <source>dim %1 is %2 (must be &gt;= 0)</source>
        <translation>第 %1 维为 %2（必须 &gt;= 0）</translation>
    </message>
    <message>
        <source>%1 exceeds max %2 at dim %3</source>
        <translation>%1 在第 %3 维超过最大值 %2</translation>
    </message>
    <message>
        <source>%1 is outside [min %2, max %3] at dim %4</source>
        <translation>%1 在第 %4 维超出 [最小 %2，最大 %3]</translation>
    </message>
    <message>
        <source>input &apos;%1&apos; has dynamic shape %2; give it an optimization profile (min/opt/max shapes)</source>
        <translation>输入“%1”的形状 %2 是动态的；请为它设置优化配置（最小/最优/最大形状）</translation>
    </message>
    <message>
        <source>the model has no input named &apos;%1&apos;</source>
        <translation>模型没有名为“%1”的输入</translation>
    </message>
    <message>
        <source>rank %1 but input &apos;%2&apos; is %3 (rank %4)</source>
        <translation>秩为 %1，但输入“%2”是 %3（秩 %4）</translation>
    </message>
    <message>
        <source>dim %1 is %2 but input &apos;%3&apos; %4 fixes it to %5</source>
        <translation>第 %1 维为 %2，但输入“%3” %4 将其固定为 %5</translation>
    </message>
    <message>
        <source>missing dynamic input &apos;%1&apos; %2</source>
        <translation>缺少动态输入“%1” %2</translation>
    </message>
    <message>
        <source>no layer, ONNX node or op type named &apos;%1&apos;</source>
        <translation>没有名为“%1”的层、ONNX 节点或算子类型</translation>
    </message>
    <message>
        <source>%1: cannot open the timing cache</source>
        <translation>%1：无法打开计时缓存</translation>
    </message>
    <message>
        <source>%1: not a Kiln timing cache (invalid JSON: %2); delete it to start a new one</source>
        <translation>%1：不是 Kiln 计时缓存（JSON 无效：%2）；删除它即可重新开始</translation>
    </message>
    <message>
        <source>%1: not a Kiln timing cache (field &apos;format&apos; is not &apos;%2&apos;)</source>
        <translation>%1：不是 Kiln 计时缓存（字段“format”不是“%2”）</translation>
    </message>
    <message>
        <source>%1: timing cache version %2, this Kiln reads version %3; delete it to start a new one</source>
        <translation>%1：计时缓存版本为 %2，此版本的 Kiln 读取版本 %3；删除它即可重新开始</translation>
    </message>
    <message>
        <source>%1: malformed timing cache: %2</source>
        <translation>%1：计时缓存格式错误：%2</translation>
    </message>
    <message>
        <source>%1: cannot write the timing cache</source>
        <translation>%1：无法写入计时缓存</translation>
    </message>
    <message>
        <source>%1: writing the timing cache failed</source>
        <translation>%1：写入计时缓存失败</translation>
    </message>
    <message>
        <source>%1: cannot write the timing cache: %2</source>
        <translation>%1：无法写入计时缓存：%2</translation>
    </message>
    <message>
        <source>build cancelled</source>
        <translation>构建已取消</translation>
    </message>
    <message>
        <source>execution cancelled</source>
        <translation>执行已取消</translation>
    </message>
    <message>
        <source>%1 nodes</source>
        <translation>%1 个节点</translation>
    </message>
    <message>
        <source>%1 -&gt; %2 nodes</source>
        <translation>%1 → %2 个节点</translation>
    </message>
    <message>
        <source>%1 layers, %2 bytes of weights</source>
        <translation>%1 层，权重 %2 字节</translation>
    </message>
    <message>
        <source>%1 node(s) cannot run on the %2 backend:</source>
        <translation>%1 个节点无法在 %2 后端上运行：</translation>
    </message>
    <message>
        <source>ONNX node &apos;%1&apos; (plugin %2): the plugin infers %3 outputs, the node has %4</source>
        <translation>ONNX 节点“%1”（插件 %2）：插件推断出 %3 个输出，而节点有 %4 个</translation>
    </message>
    <message>
        <source>ONNX node &apos;%1&apos; (plugin %2): %3</source>
        <translation>ONNX 节点“%1”（插件 %2）：%3</translation>
    </message>
    <message>
        <source>ONNX node &apos;%1&apos; (from ONNX nodes %2) (%3): %4</source>
        <translation>ONNX 节点“%1”（来自 ONNX 节点 %2）（%3）：%4</translation>
    </message>
    <message>
        <source>ONNX node &apos;%1&apos; (%2): %3</source>
        <translation>ONNX 节点“%1”（%2）：%3</translation>
    </message>
    <message>
        <source>no %1 kernel and no plugin registered for %2</source>
        <translation>%2 没有 %1 内核，也没有注册插件</translation>
    </message>
    <message>
        <source>Kiln was built without the CUDA backend</source>
        <translation>此 Kiln 构建时未包含 CUDA 后端</translation>
    </message>
    <message>
        <source>backend: cuda is not available: %1</source>
        <translation>后端：cuda 不可用：%1</translation>
    </message>
    <message>
        <source>tactic selection at profile 0&apos;s opt shapes, layer &apos;%1&apos; (from ONNX nodes %2): %3</source>
        <translation>按配置 0 的最优形状选择策略时，层“%1”（来自 ONNX 节点 %2）：%3</translation>
    </message>
    <message>
        <source>tactic selection at profile 0&apos;s opt shapes, layer &apos;%1&apos;: %2</source>
        <translation>按配置 0 的最优形状选择策略时，层“%1”：%2</translation>
    </message>
    <message>
        <source>plugin library &apos;%1&apos;: no such file</source>
        <translation>插件库“%1”：文件不存在</translation>
    </message>
    <message>
        <source>plugin library &apos;%1&apos;: cannot load: %2</source>
        <translation>插件库“%1”：无法加载：%2</translation>
    </message>
    <message>
        <source>cannot open engine file &apos;%1&apos;</source>
        <translation>无法打开引擎文件“%1”</translation>
    </message>
    <message>
        <source>cannot read engine file &apos;%1&apos;</source>
        <translation>无法读取引擎文件“%1”</translation>
    </message>
    <message>
        <source>cannot write engine file &apos;%1&apos;</source>
        <translation>无法写入引擎文件“%1”</translation>
    </message>
    <message>
        <source>cannot write engine file &apos;%1&apos;: %2</source>
        <translation>无法写入引擎文件“%1”：%2</translation>
    </message>
    <message>
        <source>writing engine file &apos;%1&apos; failed</source>
        <translation>写入引擎文件“%1”失败</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a Kiln engine file (it does not start with &quot;KILNENG&quot;)</source>
        <translation>“%1”不是 Kiln 引擎文件（开头不是 "KILNENG"）</translation>
    </message>
    <message>
        <source>engine file &apos;%1&apos; is truncated: %2 bytes, too short for the header</source>
        <translation>引擎文件“%1”被截断：只有 %2 字节，不够容纳文件头</translation>
    </message>
    <message>
        <source>engine file &apos;%1&apos; is truncated: %2 of %3 bytes</source>
        <translation>引擎文件“%1”被截断：只有 %2 字节，应为 %3 字节</translation>
    </message>
    <message>
        <source>engine file &apos;%1&apos; has format version %2, this Kiln (%3) reads format version %4; rebuild the engine</source>
        <translation>引擎文件“%1”的格式版本为 %2，此 Kiln（%3）读取格式版本 %4；请重新构建引擎</translation>
    </message>
    <message>
        <source>engine file &apos;%1&apos; is corrupt: its size field says %2 bytes but the file has %3</source>
        <translation>引擎文件“%1”已损坏：大小字段为 %2 字节，而文件有 %3 字节</translation>
    </message>
    <message>
        <source>engine file &apos;%1&apos; is corrupt: checksum mismatch (stored %2, computed %3)</source>
        <translation>引擎文件“%1”已损坏：校验和不符（存储值 %2，计算值 %3）</translation>
    </message>
    <message>
        <source>engine file &apos;%1&apos; is corrupt: header section overruns the file</source>
        <translation>引擎文件“%1”已损坏：文件头部分超出了文件末尾</translation>
    </message>
    <message>
        <source>engine file &apos;%1&apos; is corrupt: body section length does not match the file</source>
        <translation>引擎文件“%1”已损坏：数据部分的长度与文件不符</translation>
    </message>
    <message>
        <source>engine file &apos;%1&apos; is corrupt: %2 at offset %3</source>
        <translation>引擎文件“%1”已损坏：偏移 %3 处%2</translation>
    </message>
    <message>
        <source>needs %1 more bytes, %2 left</source>
        <translation>还需要 %1 字节，只剩 %2 字节</translation>
    </message>
    <message>
        <source>count %1 exceeds the data</source>
        <translation>计数 %1 超出了数据</translation>
    </message>
    <message>
        <source>%1 unexpected bytes after the last layer</source>
        <translation>最后一层之后有 %1 个多余字节</translation>
    </message>
    <message>
        <source>engine file &apos;%1&apos; was built for %2 on %3, this machine is %4</source>
        <translation>引擎文件“%1”是为 %3 上的 %2 构建的，本机是 %4</translation>
    </message>
    <message>
        <source>engine file &apos;%1&apos;: engine built for backend %2, this is %3 (%4)</source>
        <translation>引擎文件“%1”：引擎是为后端 %2 构建的，本机是 %3（%4）</translation>
    </message>
    <message>
        <source>engine file &apos;%1&apos;: engine built for %2, this is %3</source>
        <translation>引擎文件“%1”：引擎是为 %2 构建的，本机是 %3</translation>
    </message>
    <message>
        <source>engine file &apos;%1&apos; needs plugin %2 version %3, which is not registered (load its library with --plugins)</source>
        <translation>引擎文件“%1”需要插件 %2 的版本 %3，但它没有注册（请用 --plugins 加载其库）</translation>
    </message>
    <message>
        <source>engine file &apos;%1&apos; needs plugin %2 version %3, but version %4 is registered</source>
        <translation>引擎文件“%1”需要插件 %2 的版本 %3，但注册的是版本 %4</translation>
    </message>
    <message>
        <source>engine layer &apos;%1&apos; needs plugin %2 version %3, which is not registered</source>
        <translation>引擎层“%1”需要插件 %2 的版本 %3，但它没有注册</translation>
    </message>
    <message>
        <source>engine layer &apos;%1&apos; needs plugin %2 version %3, but version %4 is registered</source>
        <translation>引擎层“%1”需要插件 %2 的版本 %3，但注册的是版本 %4</translation>
    </message>
    <message>
        <source>engine layer &apos;%1&apos; (%2) cannot run on the %3 backend: %4</source>
        <translation>引擎层“%1”（%2）无法在 %3 后端上运行：%4</translation>
    </message>
    <message>
        <source>engine layer &apos;%1&apos; (%2) uses tactic &apos;%3&apos;, which this Kiln does not have</source>
        <translation>引擎层“%1”（%2）使用的策略“%3”在此 Kiln 中不存在</translation>
    </message>
    <message>
        <source>engine layer &apos;%1&apos; reads tensor &apos;%2&apos; before any layer produces it</source>
        <translation>引擎层“%1”在任何层生成张量“%2”之前就读取了它</translation>
    </message>
    <message>
        <source>engine output &apos;%1&apos; is never produced</source>
        <translation>没有任何层生成引擎输出“%1”</translation>
    </message>
    <message>
        <source>optimization profile %1 does not exist (the engine has %2 profiles)</source>
        <translation>优化配置 %1 不存在（该引擎有 %2 个配置）</translation>
    </message>
    <message>
        <source>missing input &apos;%1&apos; (%2%3)</source>
        <translation>缺少输入“%1”（%2%3）</translation>
    </message>
    <message>
        <source>input &apos;%1&apos; expects %2 but got %3</source>
        <translation>输入“%1”应为 %2，实际为 %3</translation>
    </message>
    <message>
        <source>input &apos;%1&apos; has shape %2, outside optimization profile %3 (min %4, max %5)</source>
        <translation>输入“%1”的形状 %2 超出优化配置 %3 的范围（最小 %4，最大 %5）</translation>
    </message>
    <message>
        <source>the engine has no input named &apos;%1&apos;</source>
        <translation>引擎没有名为“%1”的输入</translation>
    </message>
    <message>
        <source>no profiled run to export as a trace</source>
        <translation>没有可导出为跟踪的性能分析运行</translation>
    </message>
    <message>
        <source>layer &apos;%1&apos;: input &apos;%2&apos; not computed</source>
        <translation>层“%1”：输入“%2”未被计算</translation>
    </message>
    <message>
        <source>layer &apos;%1&apos; (%2) did not produce output %3</source>
        <translation>层“%1”（%2）没有生成第 %3 个输出</translation>
    </message>
    <message>
        <source>%1: no such file</source>
        <translation>%1：文件不存在</translation>
    </message>
    <message>
        <source>a string</source>
        <translation>字符串</translation>
    </message>
    <message>
        <source>an integer</source>
        <translation>整数</translation>
    </message>
    <message>
        <source>an array of integers</source>
        <translation>整数数组</translation>
    </message>
    <message>
        <source>an array of strings</source>
        <translation>字符串数组</translation>
    </message>
    <message>
        <source>an array of objects</source>
        <translation>对象数组</translation>
    </message>
    <message>
        <source>an object</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>an object {target, precision}</source>
        <translation>对象 {target, precision}</translation>
    </message>
    <message>
        <source>an object {input: {min, opt, max}}</source>
        <translation>对象 {input: {min, opt, max}}</translation>
    </message>
    <message>
        <source>an object {min, opt, max}</source>
        <translation>对象 {min, opt, max}</translation>
    </message>
    <message>
        <source>an object {warmup, iterations}</source>
        <translation>对象 {warmup, iterations}</translation>
    </message>
    <message>
        <source>string</source>
        <translation>字符串</translation>
    </message>
    <message>
        <source>number</source>
        <translation>数字</translation>
    </message>
    <message>
        <source>object</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>array</source>
        <translation>数组</translation>
    </message>
    <message>
        <source>null</source>
        <translation>空值</translation>
    </message>
    <message>
        <source>boolean</source>
        <translation>布尔值</translation>
    </message>
    <message>
        <source>discarded</source>
        <translation>已丢弃</translation>
    </message>
    <message>
        <source>invalid argument</source>
        <translation>参数无效</translation>
    </message>
    <message>
        <source>invalid model</source>
        <translation>模型无效</translation>
    </message>
    <message>
        <source>unsupported</source>
        <translation>不支持</translation>
    </message>
    <message>
        <source>resource limit</source>
        <translation>超出资源限制</translation>
    </message>
    <message>
        <source>i/o error</source>
        <translation>输入/输出错误</translation>
    </message>
    <message>
        <source>internal error</source>
        <translation>内部错误</translation>
    </message>
    <message>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Constant folding</source>
        <translation>常量折叠</translation>
    </message>
    <message>
        <source>Shape folding</source>
        <translation>形状折叠</translation>
    </message>
    <message>
        <source>Remove Identity</source>
        <translation>移除 Identity</translation>
    </message>
    <message>
        <source>Remove inference Dropout</source>
        <translation>移除推理时的 Dropout</translation>
    </message>
    <message>
        <source>Remove data movement that moves nothing</source>
        <translation>移除不搬运任何数据的数据搬运节点</translation>
    </message>
    <message>
        <source>Drop unit-dim reshapes around a constant op</source>
        <translation>去掉常量运算两侧仅增删单位维的 Reshape</translation>
    </message>
    <message>
        <source>Dead code elimination</source>
        <translation>死代码消除</translation>
    </message>
    <message>
        <source>Fold BatchNorm into Conv</source>
        <translation>将 BatchNorm 折叠进 Conv</translation>
    </message>
    <message>
        <source>Fold BatchNorm into Gemm</source>
        <translation>将 BatchNorm 折叠进 Gemm</translation>
    </message>
    <message>
        <source>Fuse Conv + bias</source>
        <translation>融合 Conv + 偏置</translation>
    </message>
    <message>
        <source>Fuse Conv + residual add</source>
        <translation>融合 Conv + 残差相加</translation>
    </message>
    <message>
        <source>Fuse Conv + activation</source>
        <translation>融合 Conv + 激活</translation>
    </message>
    <message>
        <source>Fuse MatMul + bias</source>
        <translation>融合 MatMul + 偏置</translation>
    </message>
    <message>
        <source>Fuse MatMul + activation</source>
        <translation>融合 MatMul + 激活</translation>
    </message>
    <message>
        <source>Fuse chain of element-wise ops</source>
        <translation>融合逐元素运算链</translation>
    </message>
    <message>
        <source>Recognize GELU (erf form)</source>
        <translation>识别 GELU（erf 形式）</translation>
    </message>
    <message>
        <source>Recognize GELU (tanh form)</source>
        <translation>识别 GELU（tanh 形式）</translation>
    </message>
    <message>
        <source>Recognize HardSwish</source>
        <translation>识别 HardSwish</translation>
    </message>
    <message>
        <source>Recognize HardSigmoid</source>
        <translation>识别 HardSigmoid</translation>
    </message>
    <message>
        <source>Recognize Mish</source>
        <translation>识别 Mish</translation>
    </message>
    <message>
        <source>Recognize LayerNorm</source>
        <translation>识别 LayerNorm</translation>
    </message>
    <message>
        <source>Fuse attention</source>
        <translation>融合注意力</translation>
    </message>
    <message>
        <source>Absorb reshapes and transposes into attention</source>
        <translation>将重排与转置吸收进注意力</translation>
    </message>
    <message>
        <source>Fuse sibling MatMuls</source>
        <translation>融合并列的 MatMul</translation>
    </message>
    <message>
        <source>Fuse sibling Convs</source>
        <translation>融合并列的 Conv</translation>
    </message>
    <message>
        <source>BatchNorm folding</source>
        <translation>BatchNorm 折叠</translation>
    </message>
    <message>
        <source>Activation recognition</source>
        <translation>激活函数识别</translation>
    </message>
    <message>
        <source>Conv bias fusion</source>
        <translation>Conv 偏置融合</translation>
    </message>
    <message>
        <source>GELU recognition</source>
        <translation>GELU 识别</translation>
    </message>
    <message>
        <source>LayerNorm recognition</source>
        <translation>LayerNorm 识别</translation>
    </message>
    <message>
        <source>Attention fusion</source>
        <translation>注意力融合</translation>
    </message>
    <message>
        <source>Attention layout</source>
        <translation>注意力布局</translation>
    </message>
    <message>
        <source>Epilogue fusion</source>
        <translation>尾部运算融合</translation>
    </message>
    <message>
        <source>Horizontal fusion</source>
        <translation>横向融合</translation>
    </message>
    <message>
        <source>Element-wise fusion</source>
        <translation>逐元素融合</translation>
    </message>
    <message>
        <source>reference</source>
        <translation>参考实现</translation>
    </message>
    <message>
        <source>direct loop</source>
        <translation>直接循环</translation>
    </message>
    <message>
        <source>blocked loop</source>
        <translation>分块循环</translation>
    </message>
    <message>
        <source>plugin</source>
        <translation>插件</translation>
    </message>
    <message>
        <source>pass</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>FAIL</source>
        <translation>未通过</translation>
    </message>
    <message>
        <source>dtype mismatch</source>
        <translation>数据类型不符</translation>
    </message>
    <message>
        <source>shape mismatch</source>
        <translation>形状不符</translation>
    </message>
    <message>
        <source>no folder given</source>
        <translation>未指定文件夹</translation>
    </message>
    <message>
        <source>calibration cancelled</source>
        <translation>校准已取消</translation>
    </message>
    <message>
        <source>calibration cache %1: %2 of %3 tensors are not in the model</source>
        <translation>校准缓存 %1：%3 个张量中有 %2 个不在模型中</translation>
    </message>
    <message>
        <source>calibration cache %1 was made by the %2 calibrator: calibrating again with %3</source>
        <translation>校准缓存 %1 由“%2”校准算法生成：改用“%3”重新校准</translation>
    </message>
    <message>
        <source>%1 ranges from %2</source>
        <translation>从 %2 读取了 %1 个范围</translation>
    </message>
    <message>
        <source>int8 is enabled but there is no calibration data and no calibration cache</source>
        <translation>已启用 int8，但既没有校准数据，也没有校准缓存</translation>
    </message>
    <message>
        <source>int8 is enabled but there is no calibration data and the calibration cache &apos;%1&apos; does not exist</source>
        <translation>已启用 int8，但没有校准数据，且校准缓存“%1”不存在</translation>
    </message>
    <message>
        <source>the cpu backend has no int8 layers yet (int8 in precisions only calibrates)</source>
        <translation>cpu 后端还没有 int8 层（允许的精度中的 int8 只用于校准）</translation>
    </message>
    <message>
        <source>%1 is outside (0, 100]</source>
        <translation>%1 超出范围 (0, 100]</translation>
    </message>
    <message>
        <source>%1 must be &gt;= 0 (0 = every batch)</source>
        <translation>%1 必须 &gt;= 0（0 表示全部批次）</translation>
    </message>
    <message>
        <source>int8: the cpu backend computes every layer in fp32; the calibrated ranges are stored in the engine</source>
        <translation>int8：cpu 后端的每一层都以 fp32 计算；校准得到的范围保存在推理引擎中</translation>
    </message>
    <message>
        <source>%1 tensor ranges (%2)</source>
        <translation>%1 个张量范围（%2）</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>数字</translation>
    </message>
    <message>
        <source>an object {dataFolder, algorithm, percentile, maxBatches, cache}</source>
        <translation>对象 {dataFolder, algorithm, percentile, maxBatches, cache}</translation>
    </message>
    <message>
        <source>min-max</source>
        <translation>最小-最大值</translation>
    </message>
    <message>
        <source>entropy</source>
        <translation>熵</translation>
    </message>
    <message>
        <source>percentile %1</source>
        <translation>百分位数 %1</translation>
    </message>
    <message>
        <source>model file</source>
        <translation>模型文件</translation>
    </message>
    <message>
        <source>tensor file</source>
        <translation>张量文件</translation>
    </message>
    <message>
        <source>.npy file</source>
        <translation>.npy 文件</translation>
    </message>
    <message>
        <source>tensor</source>
        <translation>张量</translation>
    </message>
    <message>
        <source>reshape</source>
        <translation>改变形状</translation>
    </message>
    <message>
        <source>input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>inputs</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>outputs</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>engine</source>
        <translation>推理引擎</translation>
    </message>
    <message>
        <source>tensor file &apos;{file}&apos;</source>
        <translation>张量文件“{file}”</translation>
    </message>
    <message>
        <source>.npy file &apos;{file}&apos;</source>
        <translation>.npy 文件“{file}”</translation>
    </message>
    <message>
        <source>&apos;{model}&apos;: initializer &apos;{name}&apos;</source>
        <translation>“{model}”：初始化器“{name}”</translation>
    </message>
    <message>
        <source>&apos;{model}&apos;: graph input &apos;{name}&apos;</source>
        <translation>“{model}”：图输入“{name}”</translation>
    </message>
    <message>
        <source>attribute &apos;{name}&apos;</source>
        <translation>属性“{name}”</translation>
    </message>
    <message>
        <source>{name}</source>
        <translation>{name}</translation>
    </message>
    <message>
        <source>&apos;{model}&apos;: node &apos;{node}&apos; (index {index}, {op}): attribute &apos;{name}&apos;</source>
        <translation>“{model}”：节点“{node}”（索引 {index}，{op}）：属性“{name}”</translation>
    </message>
    <message>
        <source>{what} &apos;{file}&apos; does not exist</source>
        <translation>{what}“{file}”不存在</translation>
    </message>
    <message>
        <source>{what} &apos;{file}&apos; is not a regular file</source>
        <translation>{what}“{file}”不是普通文件</translation>
    </message>
    <message>
        <source>cannot read the size of {what} &apos;{file}&apos;: {reason}</source>
        <translation>无法读取{what}“{file}”的大小：{reason}</translation>
    </message>
    <message>
        <source>{what} &apos;{file}&apos; is {size} bytes, over the limit of {limit} bytes</source>
        <translation>{what}“{file}”有 {size} 字节，超过了 {limit} 字节的上限</translation>
    </message>
    <message>
        <source>cannot open {what} &apos;{file}&apos;</source>
        <translation>无法打开{what}“{file}”</translation>
    </message>
    <message>
        <source>cannot read {what} &apos;{file}&apos;</source>
        <translation>无法读取{what}“{file}”</translation>
    </message>
    <message>
        <source>&apos;{file}&apos; is empty, not an ONNX model</source>
        <translation>“{file}”是空文件，不是 ONNX 模型</translation>
    </message>
    <message>
        <source>&apos;{file}&apos; is {size} bytes; protobuf cannot parse a model over 2 GiB (store the weights as external data)</source>
        <translation>“{file}”有 {size} 字节；protobuf 无法解析超过 2 GiB 的模型（请把权重存为外部数据）</translation>
    </message>
    <message>
        <source>&apos;{file}&apos; is not a valid ONNX model (protobuf parse failed: truncated or not an ONNX file)</source>
        <translation>“{file}”不是有效的 ONNX 模型（protobuf 解析失败：文件被截断，或不是 ONNX 文件）</translation>
    </message>
    <message>
        <source>&apos;{file}&apos; is not an ONNX model (no graph or no IR version; the file may be truncated or of another kind)</source>
        <translation>“{file}”不是 ONNX 模型（没有计算图或 IR 版本；文件可能被截断，或是其他类型的文件）</translation>
    </message>
    <message>
        <source>&apos;{model}&apos;: tensor &apos;{tensor}&apos; is defined more than once (initializer)</source>
        <translation>“{model}”：张量“{tensor}”被定义了多次（初始化器）</translation>
    </message>
    <message>
        <source>&apos;{model}&apos;: tensor &apos;{tensor}&apos; is defined more than once (graph input)</source>
        <translation>“{model}”：张量“{tensor}”被定义了多次（图输入）</translation>
    </message>
    <message>
        <source>&apos;{model}&apos;: tensor &apos;{tensor}&apos; is defined more than once (output of node index {index})</source>
        <translation>“{model}”：张量“{tensor}”被定义了多次（索引 {index} 的节点的输出）</translation>
    </message>
    <message>
        <source>&apos;{model}&apos;: node &apos;{node}&apos; (index {index}, {op}) reads tensor &apos;{tensor}&apos;, which is neither a graph input, an initializer nor a node output</source>
        <translation>“{model}”：节点“{node}”（索引 {index}，{op}）读取的张量“{tensor}”既不是图输入、初始化器，也不是节点输出</translation>
    </message>
    <message>
        <source>&apos;{model}&apos;: the graph has a cycle: node &apos;{node}&apos; (index {index}, {op}) depends on its own output</source>
        <translation>“{model}”：计算图中有环：节点“{node}”（索引 {index}，{op}）依赖于自己的输出</translation>
    </message>
    <message>
        <source>&apos;{model}&apos;: graph output &apos;{output}&apos; is never produced</source>
        <translation>“{model}”：没有任何节点生成图输出“{output}”</translation>
    </message>
    <message>
        <source>&apos;{model}&apos;: ONNX checker: {detail}</source>
        <translation>“{model}”：ONNX 检查器：{detail}</translation>
    </message>
    <message>
        <source>&apos;{model}&apos;: an initializer has no name</source>
        <translation>“{model}”：有一个初始化器没有名称</translation>
    </message>
    <message>
        <source>&apos;{model}&apos;: graph input &apos;{input}&apos; is not a tensor (sequences, maps and optionals are not supported)</source>
        <translation>“{model}”：图输入“{input}”不是张量（不支持序列、映射和可选类型）</translation>
    </message>
    <message>
        <source>&apos;{model}&apos;: node &apos;{node}&apos; (index {index}, {op}): {cause}</source>
        <translation>“{model}”：节点“{node}”（索引 {index}，{op}）：{cause}</translation>
    </message>
    <message>
        <source>&apos;{model}&apos;: unsupported op &apos;{op}&apos; in node &apos;{node}&apos; (index {index}, opset {opset}): {cause}</source>
        <translation>“{model}”：节点“{node}”（索引 {index}，opset {opset}）的算子“{op}”不受支持：{cause}</translation>
    </message>
    <message>
        <source>&apos;{model}&apos;: node &apos;{node}&apos; (index {index}, {op}): output &apos;{output}&apos; was not pre-created</source>
        <translation>“{model}”：节点“{node}”（索引 {index}，{op}）：输出“{output}”没有预先创建</translation>
    </message>
    <message>
        <source>ONNX checker skipped: model opset {opset} is newer than libonnx&apos;s {known}; Kiln&apos;s own structural checks still apply</source>
        <translation>已跳过 ONNX 检查器：模型 opset {opset} 比 libonnx 的 {known} 新；Kiln 自己的结构检查仍然有效</translation>
    </message>
    <message>
        <source>ONNX checker skipped: libonnx does not know op {op} at opset {opset}; Kiln&apos;s own structural checks still apply</source>
        <translation>已跳过 ONNX 检查器：libonnx 不认识 opset {opset} 的算子 {op}；Kiln 自己的结构检查仍然有效</translation>
    </message>
    <message>
        <source>model IR version {ir} is newer than libonnx&apos;s {known}; checked as IR version {checked}</source>
        <translation>模型 IR 版本 {ir} 比 libonnx 的 {known} 新；按 IR 版本 {checked} 检查</translation>
    </message>
    <message>
        <source>ONNX shape inference skipped: model opset {opset} is newer than libonnx&apos;s {known}; using the model&apos;s value_info</source>
        <translation>已跳过 ONNX 形状推断：模型 opset {opset} 比 libonnx 的 {known} 新；使用模型自带的 value_info</translation>
    </message>
    <message>
        <source>ONNX shape inference failed (shapes are computed at run time): {detail}</source>
        <translation>ONNX 形状推断失败（形状在运行时计算）：{detail}</translation>
    </message>
    <message>
        <source>domain &apos;{domain}&apos; is not supported (only ai.onnx)</source>
        <translation>不支持域“{domain}”（只支持 ai.onnx）</translation>
    </message>
    <message>
        <source>model opset {opset} is outside Kiln&apos;s supported range {min}..{max}</source>
        <translation>模型 opset {opset} 超出 Kiln 支持的范围 {min}..{max}</translation>
    </message>
    <message>
        <source>subgraph attribute &apos;{name}&apos; (only If, Loop and Scan bodies are imported)</source>
        <translation>子图属性“{name}”（只导入 If、Loop 和 Scan 的子图）</translation>
    </message>
    <message>
        <source>node &apos;{node}&apos; ({op}): {cause}</source>
        <translation>节点“{node}”（{op}）：{cause}</translation>
    </message>
    <message>
        <source>body &apos;{body}&apos;: {cause}</source>
        <translation>子图“{body}”：{cause}</translation>
    </message>
    <message>
        <source>no &apos;{body}&apos; body</source>
        <translation>缺少子图“{body}”</translation>
    </message>
    <message>
        <source>body &apos;{body}&apos; has {count} inputs, expected {expected}</source>
        <translation>子图“{body}”有 {count} 个输入，应为 {expected} 个</translation>
    </message>
    <message>
        <source>body &apos;{body}&apos; has {count} outputs, the node expects {expected}</source>
        <translation>子图“{body}”有 {count} 个输出，节点需要 {expected} 个</translation>
    </message>
    <message>
        <source>body &apos;{body}&apos; reads {count} outer-scope values but the node passes {expected}</source>
        <translation>子图“{body}”读取 {count} 个外层作用域的值，但节点传入 {expected} 个</translation>
    </message>
    <message>
        <source>{what} &apos;{tensor}&apos; is {type}, not {expected}</source>
        <translation>{what}“{tensor}”的类型是 {type}，不是 {expected}</translation>
    </message>
    <message>
        <source>{count} inputs, expected at least {min}</source>
        <translation>有 {count} 个输入，至少需要 {min} 个</translation>
    </message>
    <message>
        <source>the condition</source>
        <translation>条件</translation>
    </message>
    <message>
        <source>the trip count</source>
        <translation>循环次数</translation>
    </message>
    <message>
        <source>the iteration number</source>
        <translation>迭代序号</translation>
    </message>
    <message>
        <source>the condition output</source>
        <translation>条件输出</translation>
    </message>
    <message>
        <source>attribute &apos;{name}&apos; has {count} entries, expected {expected}</source>
        <translation>属性“{name}”有 {count} 项，应为 {expected} 项</translation>
    </message>
    <message>
        <source>op {op} does not exist before opset {opset}</source>
        <translation>算子 {op} 在 opset {opset} 之前不存在</translation>
    </message>
    <message>
        <source>op {op} was removed after opset {opset}</source>
        <translation>算子 {op} 在 opset {opset} 之后已被移除</translation>
    </message>
    <message>
        <source>attribute {name}=&apos;{value}&apos; is not supported (supported: {supported})</source>
        <translation>不支持属性 {name}=“{value}”（支持：{supported}）</translation>
    </message>
    <message>
        <source>cannot make a {dtype} constant</source>
        <translation>无法创建 {dtype} 类型的常量</translation>
    </message>
    <message>
        <source>cast to {dtype} is not supported</source>
        <translation>不支持转换为 {dtype}</translation>
    </message>
    <message>
        <source>spatial=0 (per-activation statistics) is not supported</source>
        <translation>不支持 spatial=0（逐激活值统计）</translation>
    </message>
    <message>
        <source>training_mode=1 is not supported (inference only)</source>
        <translation>不支持 training_mode=1（只支持推理）</translation>
    </message>
    <message>
        <source>training output {index} (&apos;{output}&apos;) is read by the graph</source>
        <translation>计算图读取了训练输出 {index}（“{output}”）</translation>
    </message>
    <message>
        <source>stash_type={value} is not supported (only 1: float32)</source>
        <translation>不支持 stash_type={value}（只支持 1：float32）</translation>
    </message>
    <message>
        <source>coordinate_transformation_mode=&apos;tf_half_pixel_for_nn&apos; is only supported with mode nearest and nearest_mode round_prefer_floor or floor</source>
        <translation>coordinate_transformation_mode=“tf_half_pixel_for_nn”只在 mode 为 nearest 且 nearest_mode 为 round_prefer_floor 或 floor 时受支持</translation>
    </message>
    <message>
        <source>antialias=1 is not supported</source>
        <translation>不支持 antialias=1</translation>
    </message>
    <message>
        <source>the mask output of Dropout before opset 10 is not supported</source>
        <translation>不支持 opset 10 之前 Dropout 的掩码输出</translation>
    </message>
    <message>
        <source>a non-constant training_mode input is not supported (inference only)</source>
        <translation>不支持非常量的 training_mode 输入（只支持推理）</translation>
    </message>
    <message>
        <source>training_mode=true is not supported</source>
        <translation>不支持 training_mode=true</translation>
    </message>
    <message>
        <source>string constants are not supported</source>
        <translation>不支持字符串常量</translation>
    </message>
    <message>
        <source>input {name} of type {dtype} is not supported (supported: {supported})</source>
        <translation>不支持类型为 {dtype} 的输入 {name}（支持：{supported}）</translation>
    </message>
    <message>
        <source>reads tensor &apos;{tensor}&apos;, which is neither a graph input, an initializer nor a node output</source>
        <translation>读取的张量“{tensor}”既不是图输入、初始化器，也不是节点输出</translation>
    </message>
    <message>
        <source>attribute &apos;{name}&apos; must be an int, got {value}</source>
        <translation>属性“{name}”必须是整数，实际为 {value}</translation>
    </message>
    <message>
        <source>attribute &apos;{name}&apos; must be a float, got {value}</source>
        <translation>属性“{name}”必须是浮点数，实际为 {value}</translation>
    </message>
    <message>
        <source>attribute &apos;{name}&apos; must be a string, got {value}</source>
        <translation>属性“{name}”必须是字符串，实际为 {value}</translation>
    </message>
    <message>
        <source>attribute &apos;{name}&apos; must be a list of ints, got {value}</source>
        <translation>属性“{name}”必须是整数列表，实际为 {value}</translation>
    </message>
    <message>
        <source>attribute &apos;{name}&apos; must be a list of floats, got {value}</source>
        <translation>属性“{name}”必须是浮点数列表，实际为 {value}</translation>
    </message>
    <message>
        <source>has {count} inputs, expected {expected}</source>
        <translation>有 {count} 个输入，应为 {expected} 个</translation>
    </message>
    <message>
        <source>has {count} inputs, expected {min} to {max}</source>
        <translation>有 {count} 个输入，应为 {min} 到 {max} 个</translation>
    </message>
    <message>
        <source>has {count} outputs, expected {expected}</source>
        <translation>有 {count} 个输出，应为 {expected} 个</translation>
    </message>
    <message>
        <source>has {count} outputs, expected {min} to {max}</source>
        <translation>有 {count} 个输出，应为 {min} 到 {max} 个</translation>
    </message>
    <message>
        <source>required input {index} is missing</source>
        <translation>缺少必需的第 {index} 个输入</translation>
    </message>
    <message>
        <source>required output {index} is missing</source>
        <translation>缺少必需的第 {index} 个输出</translation>
    </message>
    <message>
        <source>missing required attribute &apos;{name}&apos;</source>
        <translation>缺少必需的属性“{name}”</translation>
    </message>
    <message>
        <source>missing required attributes &apos;starts&apos;/&apos;ends&apos;</source>
        <translation>缺少必需的属性“starts”/“ends”</translation>
    </message>
    <message>
        <source>attribute {name} must not be 0</source>
        <translation>属性 {name} 不能为 0</translation>
    </message>
    <message>
        <source>attribute {name} must not be negative</source>
        <translation>属性 {name} 不能为负数</translation>
    </message>
    <message>
        <source>attribute {name} must be positive</source>
        <translation>属性 {name} 必须为正数</translation>
    </message>
    <message>
        <source>attribute {name}={value} must be positive</source>
        <translation>属性 {name}={value} 必须为正数</translation>
    </message>
    <message>
        <source>attribute {name} must be &gt;= 1</source>
        <translation>属性 {name} 必须 &gt;= 1</translation>
    </message>
    <message>
        <source>attribute {name}={value} must be 0 or 1</source>
        <translation>属性 {name}={value} 必须为 0 或 1</translation>
    </message>
    <message>
        <source>kernel_shape must be positive</source>
        <translation>kernel_shape 必须为正数</translation>
    </message>
    <message>
        <source>attribute {name} has {count} values for a {rank}-D kernel</source>
        <translation>对 {rank} 维卷积核，属性 {name} 有 {count} 个值</translation>
    </message>
    <message>
        <source>attribute pads has {count} values for a {rank}-D kernel (expected {expected})</source>
        <translation>对 {rank} 维卷积核，属性 pads 有 {count} 个值（应为 {expected} 个）</translation>
    </message>
    <message>
        <source>input {index} is empty; {op} takes no optional inputs</source>
        <translation>第 {index} 个输入为空；{op} 没有可选输入</translation>
    </message>
    <message>
        <source>input {index} is empty</source>
        <translation>第 {index} 个输入为空</translation>
    </message>
    <message>
        <source>output {index} is empty</source>
        <translation>第 {index} 个输出为空</translation>
    </message>
    <message>
        <source>axis {axis} is out of range for a rank-{rank} input</source>
        <translation>对秩为 {rank} 的输入，轴 {axis} 超出范围</translation>
    </message>
    <message>
        <source>{channels} channels are not divisible into num_groups={groups}</source>
        <translation>{channels} 个通道无法均分为 num_groups={groups} 组</translation>
    </message>
    <message>
        <source>scale and bias must have num_groups={groups} values at opset {opset}</source>
        <translation>在 opset {opset} 下，scale 和 bias 必须有 num_groups={groups} 个值</translation>
    </message>
    <message>
        <source>needs either scales or sizes</source>
        <translation>需要 scales 或 sizes 之一</translation>
    </message>
    <message>
        <source>has both scales and sizes</source>
        <translation>同时给出了 scales 和 sizes</translation>
    </message>
    <message>
        <source>attribute perm is not a permutation of 0..{last}</source>
        <translation>属性 perm 不是 0..{last} 的一个排列</translation>
    </message>
    <message>
        <source>attribute split has {sizes} sizes for {outputs} outputs</source>
        <translation>属性 split 有 {sizes} 个大小，而输出有 {outputs} 个</translation>
    </message>
    <message>
        <source>has both a split input and num_outputs</source>
        <translation>同时给出了 split 输入和 num_outputs</translation>
    </message>
    <message>
        <source>starts and ends have different lengths</source>
        <translation>starts 和 ends 的长度不同</translation>
    </message>
    <message>
        <source>axes and starts have different lengths</source>
        <translation>axes 和 starts 的长度不同</translation>
    </message>
    <message>
        <source>attribute value must be a tensor</source>
        <translation>属性 value 必须是张量</translation>
    </message>
    <message>
        <source>attribute value must hold one element, has {count}</source>
        <translation>属性 value 必须只有一个元素，实际有 {count} 个</translation>
    </message>
    <message>
        <source>must have exactly one value attribute, has {count}</source>
        <translation>必须恰好有一个值属性，实际有 {count} 个</translation>
    </message>
    <message>
        <source>unknown attribute &apos;{name}&apos;</source>
        <translation>未知属性“{name}”</translation>
    </message>
    <message>
        <source>{input} is {value} at index {index}: a quantization scale must be finite and non-zero</source>
        <translation>{input} 在索引 {index} 处为 {value}：量化比例必须是有限的非零值</translation>
    </message>
    <message>
        <source>{what}: {field} has {count} values but the shape {shape} needs {numel}</source>
        <translation>{what}：{field} 有 {count} 个值，但形状 {shape} 需要 {numel} 个</translation>
    </message>
    <message>
        <source>{what}: external data {key} &apos;{text}&apos; is not a non-negative integer</source>
        <translation>{what}：外部数据的 {key}“{text}”不是非负整数</translation>
    </message>
    <message>
        <source>{what}: external data has no &apos;location&apos;</source>
        <translation>{what}：外部数据没有“location”</translation>
    </message>
    <message>
        <source>{what}: external data &apos;{location}&apos; is not allowed here (no model folder to resolve it against)</source>
        <translation>{what}：此处不允许外部数据“{location}”（没有可用于解析它的模型文件夹）</translation>
    </message>
    <message>
        <source>{what}: external data path &apos;{location}&apos; is absolute; it must be relative to the model folder</source>
        <translation>{what}：外部数据路径“{location}”是绝对路径；它必须相对于模型文件夹</translation>
    </message>
    <message>
        <source>{what}: external data path &apos;{location}&apos; escapes the model folder</source>
        <translation>{what}：外部数据路径“{location}”超出了模型文件夹</translation>
    </message>
    <message>
        <source>cannot resolve the model folder &apos;{folder}&apos;: {reason}</source>
        <translation>无法解析模型文件夹“{folder}”：{reason}</translation>
    </message>
    <message>
        <source>{what}: external data file &apos;{location}&apos; not found in &apos;{folder}&apos;</source>
        <translation>{what}：在“{folder}”中找不到外部数据文件“{location}”</translation>
    </message>
    <message>
        <source>{what}: cannot resolve external data file &apos;{location}&apos;: {reason}</source>
        <translation>{what}：无法解析外部数据文件“{location}”：{reason}</translation>
    </message>
    <message>
        <source>{what}: external data path &apos;{location}&apos; resolves to &apos;{resolved}&apos;, outside the model folder</source>
        <translation>{what}：外部数据路径“{location}”解析为“{resolved}”，位于模型文件夹之外</translation>
    </message>
    <message>
        <source>{what}: external data &apos;{location}&apos; is not a regular file</source>
        <translation>{what}：外部数据“{location}”不是普通文件</translation>
    </message>
    <message>
        <source>{what}: cannot read the size of &apos;{location}&apos;</source>
        <translation>{what}：无法读取“{location}”的大小</translation>
    </message>
    <message>
        <source>{what}: external data length {length} bytes does not match the {expected} bytes its shape and type need</source>
        <translation>{what}：外部数据长度 {length} 字节与其形状和类型所需的 {expected} 字节不符</translation>
    </message>
    <message>
        <source>{what}: external data (offset {offset}, length {length}) goes past the end of &apos;{location}&apos; ({size} bytes)</source>
        <translation>{what}：外部数据（偏移 {offset}，长度 {length}）超出了“{location}”的末尾（{size} 字节）</translation>
    </message>
    <message>
        <source>{what}: cannot open external data file &apos;{location}&apos;</source>
        <translation>{what}：无法打开外部数据文件“{location}”</translation>
    </message>
    <message>
        <source>{what}: cannot read {length} bytes at offset {offset} of &apos;{location}&apos;</source>
        <translation>{what}：无法在“{location}”的偏移 {offset} 处读取 {length} 字节</translation>
    </message>
    <message>
        <source>{what}: string tensors are not supported</source>
        <translation>{what}：不支持字符串张量</translation>
    </message>
    <message>
        <source>{what}: data type {dtype} is not supported</source>
        <translation>{what}：不支持数据类型 {dtype}</translation>
    </message>
    <message>
        <source>{what}: negative dim in shape {shape}</source>
        <translation>{what}：形状 {shape} 中有负数维度</translation>
    </message>
    <message>
        <source>{what}: raw_data has {size} bytes but shape {shape} needs {expected}</source>
        <translation>{what}：raw_data 有 {size} 字节，但形状 {shape} 需要 {expected} 字节</translation>
    </message>
    <message>
        <source>{what}: raw_data has {size} bytes but shape {shape} of {dtype} needs {expected}</source>
        <translation>{what}：raw_data 有 {size} 字节，但 {dtype} 类型的形状 {shape} 需要 {expected} 字节</translation>
    </message>
    <message>
        <source>{what}: segmented tensors are not supported</source>
        <translation>{what}：不支持分段张量</translation>
    </message>
    <message>
        <source>{what} uses external data, which is not allowed here</source>
        <translation>{what}使用了外部数据，此处不允许</translation>
    </message>
    <message>
        <source>{what}: unexpected type</source>
        <translation>{what}：意外的类型</translation>
    </message>
    <message>
        <source>cannot serialize an undefined tensor &apos;{name}&apos;</source>
        <translation>无法序列化未定义的张量“{name}”</translation>
    </message>
    <message>
        <source>tensor &apos;{name}&apos;: string tensors are not supported</source>
        <translation>张量“{name}”：不支持字符串张量</translation>
    </message>
    <message>
        <source>{what}: graph attributes (control flow) are not supported</source>
        <translation>{what}：不支持图属性（控制流）</translation>
    </message>
    <message>
        <source>{what}: sparse tensor attributes are not supported</source>
        <translation>{what}：不支持稀疏张量属性</translation>
    </message>
    <message>
        <source>{what}: tensor-list attributes are not supported</source>
        <translation>{what}：不支持张量列表属性</translation>
    </message>
    <message>
        <source>{what}: type attributes are not supported</source>
        <translation>{what}：不支持类型属性</translation>
    </message>
    <message>
        <source>{what}: attribute has no value</source>
        <translation>{what}：属性没有值</translation>
    </message>
    <message>
        <source>&apos;{model}&apos;: node &apos;{node}&apos; (index {index}, {op}): shape input &apos;{input}&apos; declares {count} values; Kiln accepts at most {max} dims</source>
        <translation>“{model}”：节点“{node}”（索引 {index}，{op}）：形状输入“{input}”声明了 {count} 个值；Kiln 最多接受 {max} 维</translation>
    </message>
    <message>
        <source>&apos;{model}&apos;: node &apos;{node}&apos; (index {index}, {op}): input &apos;{input}&apos; has rank {rank}; it needs a batch, a channel and at least one spatial dim</source>
        <translation>“{model}”：节点“{node}”（索引 {index}，{op}）：输入“{input}”的秩为 {rank}；它需要批次维、通道维和至少一个空间维</translation>
    </message>
    <message>
        <source>&apos;{model}&apos;: node &apos;{node}&apos; (index {index}, {op}): weight &apos;{weight}&apos; has rank {weightRank} but input &apos;{input}&apos; has rank {rank}</source>
        <translation>“{model}”：节点“{node}”（索引 {index}，{op}）：权重“{weight}”的秩为 {weightRank}，而输入“{input}”的秩为 {rank}</translation>
    </message>
    <message>
        <source>&apos;{model}&apos;: node &apos;{node}&apos; (index {index}, {op}): attribute &apos;{name}&apos; has value {value} (must be &gt;= {min})</source>
        <translation>“{model}”：节点“{node}”（索引 {index}，{op}）：属性“{name}”的值为 {value}（必须 &gt;= {min}）</translation>
    </message>
    <message>
        <source>&apos;{model}&apos;: node &apos;{node}&apos; (index {index}, {op}): attribute &apos;{name}&apos; has {count} values; the input has {spatial} spatial dims, so it needs {expected}</source>
        <translation>“{model}”：节点“{node}”（索引 {index}，{op}）：属性“{name}”有 {count} 个值；输入有 {spatial} 个空间维，因此需要 {expected} 个</translation>
    </message>
    <message>
        <source>cannot open &apos;{file}&apos; for writing</source>
        <translation>无法打开“{file}”以写入</translation>
    </message>
    <message>
        <source>cannot write &apos;{file}&apos;</source>
        <translation>无法写入“{file}”</translation>
    </message>
    <message>
        <source>&apos;{file}&apos;: .npy header has no &apos;{field}&apos; field</source>
        <translation>“{file}”：.npy 文件头没有“{field}”字段</translation>
    </message>
    <message>
        <source>&apos;{file}&apos;: malformed .npy header</source>
        <translation>“{file}”：.npy 文件头格式错误</translation>
    </message>
    <message>
        <source>&apos;{file}&apos;: malformed .npy shape</source>
        <translation>“{file}”：.npy 形状格式错误</translation>
    </message>
    <message>
        <source>&apos;{file}&apos;: malformed .npy shape {shape}</source>
        <translation>“{file}”：.npy 形状 {shape} 格式错误</translation>
    </message>
    <message>
        <source>&apos;{file}&apos; is empty, not a serialized onnx.TensorProto</source>
        <translation>“{file}”是空文件，不是序列化的 onnx.TensorProto</translation>
    </message>
    <message>
        <source>&apos;{file}&apos; is not a valid serialized onnx.TensorProto (parse failed)</source>
        <translation>“{file}”不是有效的序列化 onnx.TensorProto（解析失败）</translation>
    </message>
    <message>
        <source>&apos;{file}&apos;: tensor &apos;{name}&apos; ({tensor}) is too large for a .pb file (2 GiB)</source>
        <translation>“{file}”：张量“{name}”（{tensor}）太大，无法存为 .pb 文件（2 GiB）</translation>
    </message>
    <message>
        <source>&apos;{file}&apos; is not a .npy file (bad magic)</source>
        <translation>“{file}”不是 .npy 文件（文件标识不对）</translation>
    </message>
    <message>
        <source>&apos;{file}&apos;: .npy version {version} is not supported</source>
        <translation>“{file}”：不支持 .npy 版本 {version}</translation>
    </message>
    <message>
        <source>&apos;{file}&apos;: truncated .npy header</source>
        <translation>“{file}”：.npy 文件头被截断</translation>
    </message>
    <message>
        <source>&apos;{file}&apos;: Fortran-order .npy arrays are not supported (save with C order)</source>
        <translation>“{file}”：不支持 Fortran 顺序的 .npy 数组（请以 C 顺序保存）</translation>
    </message>
    <message>
        <source>&apos;{file}&apos;: .npy dtype &apos;{dtype}&apos; is not supported</source>
        <translation>“{file}”：不支持 .npy 数据类型“{dtype}”</translation>
    </message>
    <message>
        <source>&apos;{file}&apos;: big-endian .npy data (&apos;{dtype}&apos;) is not supported</source>
        <translation>“{file}”：不支持大端序的 .npy 数据（“{dtype}”）</translation>
    </message>
    <message>
        <source>&apos;{file}&apos;: .npy data has {size} bytes but shape {shape} of {dtype} needs {expected}</source>
        <translation>“{file}”：.npy 数据有 {size} 字节，但 {dtype} 类型的形状 {shape} 需要 {expected} 字节</translation>
    </message>
    <message>
        <source>&apos;{file}&apos;: cannot write an undefined tensor</source>
        <translation>“{file}”：无法写入未定义的张量</translation>
    </message>
    <message>
        <source>&apos;{file}&apos;: {dtype} tensors cannot be written as .npy (NumPy has no such dtype)</source>
        <translation>“{file}”：{dtype} 张量无法写为 .npy（NumPy 没有这种数据类型）</translation>
    </message>
    <message>
        <source>&apos;{file}&apos;: unknown tensor file type (expected .pb for onnx.TensorProto or .npy)</source>
        <translation>“{file}”：未知的张量文件类型（应为 onnx.TensorProto 的 .pb 文件或 .npy 文件）</translation>
    </message>
    <message>
        <source>{folder}: {prefix}_{index}.pb without {prefix}_{expected}.pb</source>
        <translation>{folder}：有 {prefix}_{index}.pb，却没有 {prefix}_{expected}.pb</translation>
    </message>
    <message>
        <source>{folder}: {count} {what} files but the model has {declared} {declaredWhat}</source>
        <translation>{folder}：有 {count} 个{what}文件，但模型只有 {declared} 个{declaredWhat}</translation>
    </message>
    <message>
        <source>input &apos;{input}&apos; has no declared dtype; give it with --input</source>
        <translation>输入“{input}”没有声明数据类型；请用 --input 提供</translation>
    </message>
    <message>
        <source>input &apos;{input}&apos; is a string tensor</source>
        <translation>输入“{input}”是字符串张量</translation>
    </message>
    <message>
        <source>--val-range for input &apos;{input}&apos; ({dtype}) holds no integer in [{low}, {high})</source>
        <translation>输入“{input}”（{dtype}）的 --val-range 在 [{low}, {high}) 中没有整数</translation>
    </message>
    <message>
        <source>--val-range for input &apos;{input}&apos; is outside the range of {dtype}</source>
        <translation>输入“{input}”的 --val-range 超出了 {dtype} 的范围</translation>
    </message>
    <message>
        <source>test data folder &apos;{folder}&apos; does not exist</source>
        <translation>测试数据文件夹“{folder}”不存在</translation>
    </message>
    <message>
        <source>test data &apos;{folder}&apos; is not a folder</source>
        <translation>测试数据“{folder}”不是文件夹</translation>
    </message>
    <message>
        <source>{folder}: no input_N.pb or output_N.pb files</source>
        <translation>{folder}：没有 input_N.pb 或 output_N.pb 文件</translation>
    </message>
    <message>
        <source>{folder}: no test_data_set_* folders and no input_N.pb files</source>
        <translation>{folder}：没有 test_data_set_* 文件夹，也没有 input_N.pb 文件</translation>
    </message>
    <message>
        <source>{folder}: no input file for model input &apos;{input}&apos;</source>
        <translation>{folder}：模型输入“{input}”没有对应的输入文件</translation>
    </message>
    <message>
        <source>--input &apos;{spec}&apos;: expected NAME=FILE (.pb or .npy)</source>
        <translation>--input “{spec}”：应为 NAME=FILE（.pb 或 .npy）</translation>
    </message>
    <message>
        <source>--input {file}: give the input name as NAME={file} (the model&apos;s inputs: {inputs})</source>
        <translation>--input {file}：请以 NAME={file} 的形式给出输入名称（模型输入：{inputs}）</translation>
    </message>
    <message>
        <source>--input {spec}: the model has no input named &apos;{input}&apos; (inputs: {inputs})</source>
        <translation>--input {spec}：模型没有名为“{input}”的输入（模型输入：{inputs}）</translation>
    </message>
    <message>
        <source>--input {spec}: input &apos;{input}&apos; given twice</source>
        <translation>--input {spec}：输入“{input}”给出了两次</translation>
    </message>
    <message>
        <source>--{flag} &apos;{item}&apos;: expected NAME:DIMS, e.g. input:1x3x224x224</source>
        <translation>--{flag} “{item}”：应为 NAME:DIMS，例如 input:1x3x224x224</translation>
    </message>
    <message>
        <source>--{flag} &apos;{item}&apos;: {cause}</source>
        <translation>--{flag} “{item}”：{cause}</translation>
    </message>
    <message>
        <source>--{flag}: input &apos;{input}&apos; given twice</source>
        <translation>--{flag}：输入“{input}”给出了两次</translation>
    </message>
    <message>
        <source>--val-range &apos;{spec}&apos;: expected [NAME:]LOW,HIGH, e.g. 0,1 or ids:0,30522</source>
        <translation>--val-range “{spec}”：应为 [NAME:]LOW,HIGH，例如 0,1 或 ids:0,30522</translation>
    </message>
    <message>
        <source>--val-range &apos;{spec}&apos;: LOW must be below HIGH</source>
        <translation>--val-range “{spec}”：LOW 必须小于 HIGH</translation>
    </message>
    <message>
        <source>--shapes {input}:{dims}: input &apos;{input}&apos; is declared {shape}</source>
        <translation>--shapes {input}:{dims}：输入“{input}”声明的形状为 {shape}</translation>
    </message>
    <message>
        <source>input &apos;{input}&apos; has an unknown rank; give its shape with --shapes {input}:DIMS</source>
        <translation>输入“{input}”的秩未知；请用 --shapes {input}:DIMS 给出形状</translation>
    </message>
    <message>
        <source>input &apos;{input}&apos; has dynamic dim {dim} (&apos;{symbol}&apos;) in {shape}; give its shape with --shapes {input}:{example}</source>
        <translation>输入“{input}”的第 {dim} 维（“{symbol}”）在 {shape} 中是动态的；请用 --shapes {input}:{example} 给出形状</translation>
    </message>
    <message>
        <source>input &apos;{input}&apos; has dynamic dim {dim} in {shape}; give its shape with --shapes {input}:{example}</source>
        <translation>输入“{input}”的第 {dim} 维在 {shape} 中是动态的；请用 --shapes {input}:{example} 给出形状</translation>
    </message>
    <message>
        <source>{source}: input &apos;{input}&apos; expects {expected} but got {actual}</source>
        <translation>{source}：输入“{input}”应为 {expected}，实际为 {actual}</translation>
    </message>
    <message>
        <source>--save-outputs: cannot create folder &apos;{folder}&apos;: {reason}</source>
        <translation>--save-outputs：无法创建文件夹“{folder}”：{reason}</translation>
    </message>
    <message>
        <source>model report: the importer returned no graph</source>
        <translation>模型报告：导入器没有返回计算图</translation>
    </message>
    <message>
        <source>out of memory allocating {bytes} bytes</source>
        <translation>分配 {bytes} 字节时内存不足</translation>
    </message>
    <message>
        <source>{what}: shape {shape} has too many elements</source>
        <translation>{what}：形状 {shape} 的元素过多</translation>
    </message>
    <message>
        <source>{what}: shape {shape} ({dtype}) needs {bytes} bytes, over the limit of {limit} bytes</source>
        <translation>{what}：形状 {shape}（{dtype}）需要 {bytes} 字节，超过了 {limit} 字节的上限</translation>
    </message>
    <message>
        <source>{what} needs {size} ({bytes} bytes) with {live} already in use, over the memory limit of {limit} (--memory-limit)</source>
        <translation>{what} 需要 {size}（{bytes} 字节），而已有 {live} 在用，超过了 {limit} 的内存上限（--memory-limit）</translation>
    </message>
    <message>
        <source>optimization profile {profile} needs {size} of activation memory per execution context, over the memory limit of {limit} (--memory-limit); its largest tensor is &apos;{tensor}&apos; of layer &apos;{layer}&apos; ({tensorSize})</source>
        <translation>优化配置 {profile} 每个执行上下文需要 {size} 的激活内存，超过了 {limit} 的内存上限（--memory-limit）；其最大的张量是层“{layer}”的“{tensor}”（{tensorSize}）</translation>
    </message>
    <message>
        <source>fromVector: {values} values for {numel} elements</source>
        <translation>fromVector：{numel} 个元素却给了 {values} 个值</translation>
    </message>
    <message>
        <source>cannot allocate a tensor of type {dtype}</source>
        <translation>无法分配 {dtype} 类型的张量</translation>
    </message>
    <message>
        <source>tensor of type {dtype} accessed as {expected}</source>
        <translation>{dtype} 类型的张量被当作 {expected} 访问</translation>
    </message>
    <message>
        <source>cannot reshape {tensor} to {shape}</source>
        <translation>无法将 {tensor} 变形为 {shape}</translation>
    </message>
    <message>
        <source>rows [{begin}, {end}) of {tensor}</source>
        <translation>{tensor} 的行 [{begin}, {end}) 超出范围</translation>
    </message>
    <message>
        <source>tensor of type {dtype} has no numeric value</source>
        <translation>{dtype} 类型的张量没有数值</translation>
    </message>
    <message>
        <source>node &apos;{node}&apos; ({op}): missing required attribute &apos;{name}&apos;</source>
        <translation>节点“{node}”（{op}）：缺少必需的属性“{name}”</translation>
    </message>
    <message>
        <source>node &apos;{node}&apos; ({op}): attribute &apos;{name}&apos; is {type}, expected {expected}</source>
        <translation>节点“{node}”（{op}）：属性“{name}”的类型为 {type}，应为 {expected}</translation>
    </message>
    <message>
        <source>value names must not be empty</source>
        <translation>值的名称不能为空</translation>
    </message>
    <message>
        <source>tensor name &apos;{tensor}&apos; is defined more than once</source>
        <translation>张量名“{tensor}”被定义了多次</translation>
    </message>
    <message>
        <source>tensor &apos;{tensor}&apos; is produced by both node &apos;{first}&apos; and node &apos;{second}&apos;</source>
        <translation>张量“{tensor}”同时由节点“{first}”和节点“{second}”生成</translation>
    </message>
    <message>
        <source>tensor &apos;{tensor}&apos; is an initializer and also produced by node &apos;{node}&apos;</source>
        <translation>张量“{tensor}”是初始化器，同时又由节点“{node}”生成</translation>
    </message>
    <message>
        <source>node &apos;{node}&apos; ({op}) reads tensor &apos;{tensor}&apos;, which is neither a graph input, an initializer nor any node&apos;s output</source>
        <translation>节点“{node}”（{op}）读取的张量“{tensor}”既不是图输入、初始化器，也不是任何节点的输出</translation>
    </message>
    <message>
        <source>the graph has a cycle: node &apos;{node}&apos; ({op}) depends on its own output</source>
        <translation>计算图中有环：节点“{node}”（{op}）依赖于自己的输出</translation>
    </message>
    <message>
        <source>value &apos;{value}&apos; lost its producer link</source>
        <translation>值“{value}”丢失了与其生成节点的链接</translation>
    </message>
    <message>
        <source>value &apos;{value}&apos; has a stale consumer list</source>
        <translation>值“{value}”的使用者列表已过时</translation>
    </message>
    <message>
        <source>graph output &apos;{output}&apos; is never produced</source>
        <translation>没有任何节点生成图输出“{output}”</translation>
    </message>
    <message>
        <source>shape {shape} is not static</source>
        <translation>形状 {shape} 不是静态的</translation>
    </message>
    <message>
        <source>bad shape &apos;{text}&apos;: empty dim</source>
        <translation>形状“{text}”有误：有空的维度</translation>
    </message>
    <message>
        <source>bad shape &apos;{text}&apos;: &apos;{dim}&apos; is not a non-negative integer</source>
        <translation>形状“{text}”有误：“{dim}”不是非负整数</translation>
    </message>
    <message>
        <source>optimization level {level} is out of range (0..{max})</source>
        <translation>优化级别 {level} 超出范围（0..{max}）</translation>
    </message>
    <message>
        <source>unknown pass &apos;{name}&apos; (known: {known})</source>
        <translation>未知的优化阶段“{name}”（已知：{known}）</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>{names}</source>
        <translation>{names}</translation>
    </message>
    <message>
        <source>folder &apos;{folder}&apos; does not exist</source>
        <translation>文件夹“{folder}”不存在</translation>
    </message>
    <message>
        <source>&apos;{folder}&apos; is not a folder</source>
        <translation>“{folder}”不是文件夹</translation>
    </message>
    <message>
        <source>&apos;{folder}&apos; holds no calibration data (test_data_set_*/input_N.pb, input_N.pb or NAME.npy files)</source>
        <translation>“{folder}”中没有校准数据（应为 test_data_set_*/input_N.pb、input_N.pb 或 NAME.npy 文件）</translation>
    </message>
    <message>
        <source>{file}: the model has no input named &apos;{input}&apos; (inputs: {inputs})</source>
        <translation>{file}：模型没有名为“{input}”的输入（模型输入：{inputs}）</translation>
    </message>
    <message>
        <source>{file}: input &apos;{input}&apos; given twice</source>
        <translation>{file}：输入“{input}”给出了两次</translation>
    </message>
    <message>
        <source>{folder}: {count} input files but the model has {declared} {declaredWhat} ({inputs})</source>
        <translation>{folder}：有 {count} 个输入文件，但模型只有 {declared} 个{declaredWhat}（{inputs}）</translation>
    </message>
    <message>
        <source>{folder}: no data for model input &apos;{input}&apos; {tensor}</source>
        <translation>{folder}：没有模型输入“{input}” {tensor} 的数据</translation>
    </message>
    <message>
        <source>calibration cache: tensor name &apos;{name}&apos; contains a line break</source>
        <translation>校准缓存：张量名“{name}”含有换行符</translation>
    </message>
    <message>
        <source>{file}: not a Kiln calibration cache (the first line must start with {magic})</source>
        <translation>{file}：不是 Kiln 校准缓存（第一行必须以 {magic} 开头）</translation>
    </message>
    <message>
        <source>{file}:1: the header names no calibration algorithm</source>
        <translation>{file}:1：文件头没有写明校准算法</translation>
    </message>
    <message>
        <source>{file}:{line}: expected &apos;TENSOR: HEX&apos; (8 hex digits), got &apos;{text}&apos;</source>
        <translation>{file}:{line}：应为“张量名: 8 位十六进制数”，实际为“{text}”</translation>
    </message>
    <message>
        <source>{file}:{line}: tensor &apos;{tensor}&apos; has range {range} (must be finite and &gt;= 0)</source>
        <translation>{file}:{line}：张量“{tensor}”的范围为 {range}（必须是有限值且 &gt;= 0）</translation>
    </message>
    <message>
        <source>{file}:{line}: tensor &apos;{tensor}&apos; listed twice</source>
        <translation>{file}:{line}：张量“{tensor}”出现了两次</translation>
    </message>
    <message>
        <source>{file}: cannot open the calibration cache</source>
        <translation>{file}：无法打开校准缓存</translation>
    </message>
    <message>
        <source>{file}: cannot write the calibration cache</source>
        <translation>{file}：无法写入校准缓存</translation>
    </message>
    <message>
        <source>{file}: writing the calibration cache failed</source>
        <translation>{file}：写入校准缓存失败</translation>
    </message>
    <message>
        <source>{file}: cannot write the calibration cache: {reason}</source>
        <translation>{file}：无法写入校准缓存：{reason}</translation>
    </message>
    <message>
        <source>calibration: the reference executor cannot run the model: {cause}</source>
        <translation>校准：参考执行器无法运行该模型：{cause}</translation>
    </message>
    <message>
        <source>calibration: batch {batch}: {cause}</source>
        <translation>校准：批次 {batch}：{cause}</translation>
    </message>
    <message>
        <source>calibration.cache: &apos;{cache}&apos; was made by the {cacheCalibrator} calibrator, the config asks for {calibrator}; give calibration data to calibrate again</source>
        <translation>calibration.cache：“{cache}”由“{cacheCalibrator}”校准算法生成，而配置要求“{calibrator}”；请提供校准数据以重新校准</translation>
    </message>
    <message>
        <source>calibration cache {cache}: {count} of {total} tensors are not in the model</source>
        <translation>校准缓存 {cache}：{total} 个张量中有 {count} 个不在模型中</translation>
    </message>
    <message>
        <source>calibration cache {cache} was made by the {cacheCalibrator} calibrator: calibrating again with {calibrator}</source>
        <translation>校准缓存 {cache} 由“{cacheCalibrator}”校准算法生成：改用“{calibrator}”重新校准</translation>
    </message>
    <message>
        <source>{count} ranges from {cache}</source>
        <translation>从 {cache} 读取了 {count} 个范围</translation>
    </message>
    <message>
        <source>{file}: invalid JSON: {detail}</source>
        <translation>{file}：JSON 无效：{detail}</translation>
    </message>
    <message>
        <source>{file}: malformed result file: {detail}</source>
        <translation>{file}：结果文件格式错误：{detail}</translation>
    </message>
    <message>
        <source>{file}: unknown comparison status &apos;{status}&apos;</source>
        <translation>{file}：未知的对比状态“{status}”</translation>
    </message>
    <message>
        <source>{file}: layer &apos;{layer}&apos; has {times} times but {endTimes} end times</source>
        <translation>{file}：层“{layer}”有 {times} 个耗时，却有 {endTimes} 个结束时间</translation>
    </message>
    <message>
        <source>{file}: {cause}</source>
        <translation>{file}：{cause}</translation>
    </message>
    <message>
        <source>trace run {run} does not exist ({count} profiled runs)</source>
        <translation>跟踪运行 {run} 不存在（共 {count} 次性能分析运行）</translation>
    </message>
    <message>
        <source>{file}: cannot open for writing: {reason}</source>
        <translation>{file}：无法打开以写入：{reason}</translation>
    </message>
    <message>
        <source>{file}: write failed</source>
        <translation>{file}：写入失败</translation>
    </message>
    <message>
        <source>tensor: cannot compare string tensors</source>
        <translation>张量：无法对比字符串张量</translation>
    </message>
    <message>
        <source>&apos;{name}&apos;: cannot compare string tensors</source>
        <translation>“{name}”：无法对比字符串张量</translation>
    </message>
    <message>
        <source>engine output &apos;{output}&apos; is not an output of the model: was the engine built from another model?</source>
        <translation>引擎输出“{output}”不是模型的输出：引擎是否由其他模型构建？</translation>
    </message>
    <message>
        <source>a per-layer comparison needs a reference run that kept its intermediates</source>
        <translation>逐层对比需要保留了中间结果的参考运行</translation>
    </message>
    <message>
        <source>the reference run was made on other inputs than the engine&apos;s</source>
        <translation>参考运行使用的输入与推理引擎的不同</translation>
    </message>
    <message>
        <source>profile run {run} names sample {sample} of layer {layer}, which does not exist</source>
        <translation>性能分析运行 {run} 引用了层 {layer} 的样本 {sample}，但它不存在</translation>
    </message>
    <message>
        <source>--{flag}: expected a size such as 512M or 8G, got &apos;{text}&apos;</source>
        <translation>--{flag}：应为 512M 或 8G 这样的大小，实际为“{text}”</translation>
    </message>
    <message>
        <source>--{flag}: expected an integer, got &apos;{text}&apos;</source>
        <translation>--{flag}：应为整数，实际为“{text}”</translation>
    </message>
    <message>
        <source>--{flag}: {value} is out of range [{min}, {max}]</source>
        <translation>--{flag}：{value} 超出范围 [{min}, {max}]</translation>
    </message>
    <message>
        <source>--{flag}: expected a number, got &apos;{text}&apos;</source>
        <translation>--{flag}：应为数字，实际为“{text}”</translation>
    </message>
    <message>
        <source>--{flag}: {text} is below the minimum {min}</source>
        <translation>--{flag}：{text} 小于最小值 {min}</translation>
    </message>
    <message>
        <source>{command}: unknown option &apos;{option}&apos; (see {command} --help)</source>
        <translation>{command}：未知选项“{option}”（见 {command} --help）</translation>
    </message>
    <message>
        <source>--{flag} takes no value</source>
        <translation>--{flag} 不接受值</translation>
    </message>
    <message>
        <source>--{flag} needs a value ({metavar})</source>
        <translation>--{flag} 需要一个值（{metavar}）</translation>
    </message>
    <message>
        <source>--{flag} given more than once</source>
        <translation>--{flag} 给出了不止一次</translation>
    </message>
    <message>
        <source>{command}: missing argument; usage: {command} {usage}</source>
        <translation>{command}：缺少参数；用法：{command} {usage}</translation>
    </message>
    <message>
        <source>{command}: unexpected argument &apos;{argument}&apos;; usage: {command} {usage}</source>
        <translation>{command}：多余的参数“{argument}”；用法：{command} {usage}</translation>
    </message>
    <message>
        <source>--layer-precision &apos;{item}&apos;: expected NAME_OR_OPTYPE:PRECISION, e.g. Softmax:fp32</source>
        <translation>--layer-precision “{item}”：应为 NAME_OR_OPTYPE:PRECISION，例如 Softmax:fp32</translation>
    </message>
    <message>
        <source>--layer-precision &apos;{item}&apos;: unknown precision &apos;{precision}&apos; (fp32, tf32, fp16, bf16, int8, fp8)</source>
        <translation>--layer-precision “{item}”：未知精度“{precision}”（fp32、tf32、fp16、bf16、int8、fp8）</translation>
    </message>
    <message>
        <source>--opt-shapes: no shape for input &apos;{input}&apos; (it has a --min-shapes or --max-shapes entry)</source>
        <translation>--opt-shapes：输入“{input}”没有形状（它有 --min-shapes 或 --max-shapes 条目）</translation>
    </message>
    <message>
        <source>--sparsity: expected disable, enable or force, got &apos;{value}&apos;</source>
        <translation>--sparsity：应为 disable、enable 或 force，实际为“{value}”</translation>
    </message>
    <message>
        <source>--backend: expected one of {names}, got &apos;{value}&apos;</source>
        <translation>--backend：应为 {names} 之一，实际为“{value}”</translation>
    </message>
    <message>
        <source>--calibrator: expected entropy, minmax or percentile, got &apos;{value}&apos;</source>
        <translation>--calibrator：应为 entropy、minmax 或 percentile，实际为“{value}”</translation>
    </message>
    <message>
        <source>--percentile: {value} is outside (0, 100]</source>
        <translation>--percentile：{value} 超出范围 (0, 100]</translation>
    </message>
    <message>
        <source>--error-mode: expected elementwise or max-normalized, got &apos;{value}&apos;</source>
        <translation>--error-mode：应为 elementwise 或 max-normalized，实际为“{value}”</translation>
    </message>
    <message>
        <source>--test-data takes inputs from the test data; don&apos;t combine it with --input or --shapes</source>
        <translation>--test-data 从测试数据中读取输入；不要与 --input 或 --shapes 同时使用</translation>
    </message>
    <message>
        <source>--profile-index selects an engine&apos;s optimization profile; {file} is a model</source>
        <translation>--profile-index 用于选择推理引擎的优化配置；{file} 是模型</translation>
    </message>
    <message>
        <source>--{flag}: the {target} has no input named &apos;{input}&apos;</source>
        <translation>--{flag}：{target}没有名为“{input}”的输入</translation>
    </message>
    <message>
        <source>--engine compares a built engine; the build flags apply only when compare builds one</source>
        <translation>--engine 对比的是已构建的推理引擎；构建选项只在 compare 自行构建时才适用</translation>
    </message>
    <message>
        <source>{file}: the importer returned no graph</source>
        <translation>{file}：导入器没有返回计算图</translation>
    </message>
    <message>
        <source>--profile-index: optimization profile {index} does not exist (the engine has {count})</source>
        <translation>--profile-index：优化配置 {index} 不存在（该推理引擎有 {count} 个）</translation>
    </message>
    <message>
        <source>unknown command &apos;{command}&apos; (commands: inspect, build, run, compare, help, version; see kiln --help)</source>
        <translation>未知命令“{command}”（命令：inspect、build、run、compare、help、version；见 kiln --help）</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>{field}: {cause}</source>
        <translation>{field}：{cause}</translation>
    </message>
    <message>
        <source>--{flag}: {cause}</source>
        <translation>--{flag}：{cause}</translation>
    </message>
    <message>
        <source>%1 layers, %2 bytes of weights, %3 bytes of activation memory</source>
        <translation>%1 层，权重 %2 字节，激活内存 %3 字节</translation>
    </message>
    <message>
        <source>no %1 kernel for op %2</source>
        <translation>算子 %2 没有 %1 内核</translation>
    </message>
    <message>
        <source>no %1 kernel for %2 in format %3</source>
        <translation>%2 没有 %3 格式的 %1 内核</translation>
    </message>
    <message>
        <source>no %1 kernel for %2 at %3</source>
        <translation>%2 没有 %3 精度的 %1 内核</translation>
    </message>
    <message>
        <source>%1 kernel for %2 does not take %3 for input %4</source>
        <translation>%2 的 %1 内核的输入 %4 不接受 %3</translation>
    </message>
    <message>
        <source>%1 kernel for %2 does not take %3</source>
        <translation>%2 的 %1 内核不接受 %3</translation>
    </message>
    <message>
        <source>%1 kernel for %2 does not produce %3 (output %4)</source>
        <translation>%2 的 %1 内核不能输出 %3（输出 %4）</translation>
    </message>
    <message>
        <source>layer &apos;%1&apos; (from ONNX nodes %2) falls back to cpu: %3</source>
        <translation>层“%1”（来自 ONNX 节点 %2）回退到 CPU：%3</translation>
    </message>
    <message>
        <source>layer &apos;%1&apos; falls back to cpu: %2</source>
        <translation>层“%1”回退到 CPU：%2</translation>
    </message>
    <message>
        <source>%1 more layers fall back to cpu</source>
        <translation>另有 %1 层回退到 CPU</translation>
    </message>
    <message>
        <source>falls back to cpu: %1</source>
        <translation>回退到 CPU：%1</translation>
    </message>
    <message>
        <source>copies &apos;%1&apos; to %2</source>
        <translation>将“%1”复制到 %2</translation>
    </message>
    <message>
        <source>%1 -&gt; %2 for &apos;%3&apos;</source>
        <translation>为“%3”转换格式：%1 → %2</translation>
    </message>
    <message>
        <source>unknown backend &apos;%1&apos; (known: %2)</source>
        <translation>未知后端“%1”（已知：%2）</translation>
    </message>
    <message>
        <source>unknown backend &apos;%1&apos;</source>
        <translation>未知后端“%1”</translation>
    </message>
    <message>
        <source>backend &apos;%1&apos; has no implementation</source>
        <translation>后端“%1”没有实现</translation>
    </message>
    <message>
        <source>backend &apos;%1&apos; made nothing</source>
        <translation>后端“%1”未能创建实例</translation>
    </message>
    <message>
        <source>the %1 backend is not available: %2</source>
        <translation>%1 后端不可用：%2</translation>
    </message>
    <message>
        <source>%1 is not a Kiln backend module (no kiln_register_backends)</source>
        <translation>%1 不是 Kiln 后端模块（缺少 kiln_register_backends）</translation>
    </message>
    <message>
        <source>%1 was built for backend ABI %2, this Kiln has %3</source>
        <translation>%1 是为后端 ABI %2 构建的，此 Kiln 的后端 ABI 为 %3</translation>
    </message>
    <message>
        <source>%1 did not register backend &apos;%2&apos;</source>
        <translation>%1 未注册后端“%2”</translation>
    </message>
    <message>
        <source>%1 was not found</source>
        <translation>未找到 %1</translation>
    </message>
    <message>
        <source>%1: cannot be loaded</source>
        <translation>%1：无法加载</translation>
    </message>
    <message>
        <source>%1: cannot open shared object file: No such file or directory</source>
        <translation>%1：无法打开共享库：文件不存在</translation>
    </message>
    <message>
        <source>copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>linear</source>
        <translation>线性</translation>
    </message>
    <message>
        <source>kernel</source>
        <translation>内核</translation>
    </message>
    <message>
        <source>copy between devices</source>
        <translation>设备间复制</translation>
    </message>
    <message>
        <source>no CUDA device: %1 failed: %2</source>
        <translation>没有 CUDA 设备：%1 失败：%2</translation>
    </message>
    <message>
        <source>no CUDA device: %1 found none</source>
        <translation>没有 CUDA 设备：%1 未找到任何设备</translation>
    </message>
    <message>
        <source>no %1 GPU (the CUDA kernels are built for %2 only): %3</source>
        <translation>没有 %1 GPU（CUDA 内核只为 %2 构建）：%3</translation>
    </message>
    <message>
        <source>%1: CUDA driver version is insufficient for CUDA runtime version</source>
        <translation>%1：CUDA 驱动版本低于 CUDA 运行时所需的版本</translation>
    </message>
    <message>
        <source>%1: no CUDA-capable device is detected</source>
        <translation>%1：未检测到支持 CUDA 的设备</translation>
    </message>
    <message>
        <source>cannot resolve {what} &apos;{file}&apos;: {reason}</source>
        <translation>无法解析{what}“{file}”：{reason}</translation>
    </message>
    <message>
        <source>{what}: external data {key} {text} is too large (over 2^63 - 1)</source>
        <translation>{what}：外部数据的 {key} {text} 过大（超过 2^63 - 1）</translation>
    </message>
    <message>
        <source>fusion timing is off (timing.compareFusions)</source>
        <translation>融合计时已关闭（timing.compareFusions）</translation>
    </message>
    <message>
        <source>its attributes have no exact unfused form</source>
        <translation>其属性没有完全等价的未融合形式</translation>
    </message>
    <message>
        <source>an input is %1 (its unfused nodes would take fp32 constants)</source>
        <translation>有一个输入为 %1（其未融合节点会使用 fp32 常量）</translation>
    </message>
    <message>
        <source>the %1 backend has no %2 kernel</source>
        <translation>%1 后端没有 %2 内核</translation>
    </message>
    <message>
        <source>no %1 kernel of its %2 applies</source>
        <translation>其 %2 没有适用的 %1 内核</translation>
    </message>
    <message>
        <source>its tactic needs more scratch than the workspace limit</source>
        <translation>其策略所需的临时内存超过工作区上限</translation>
    </message>
    <message>
        <source>its %1 needs more scratch than the workspace limit</source>
        <translation>其 %1 所需的临时内存超过工作区上限</translation>
    </message>
    <message>
        <source>its unfused nodes failed: %1</source>
        <translation>其未融合节点运行失败：%1</translation>
    </message>
    <message>
        <source>INT8 folding</source>
        <translation>INT8 折叠</translation>
    </message>
    <message>
        <source>Fold Q/DQ into INT8 layers</source>
        <translation>将 Q/DQ 折叠为 INT8 层</translation>
    </message>
    <message>
        <source>Move activation above reshape</source>
        <translation>将激活移到 Reshape 之前</translation>
    </message>
    <message>
        <source>Move residual add above reshape</source>
        <translation>将残差加法移到 Reshape 之前</translation>
    </message>
    <message>
        <source>Common subexpression elimination</source>
        <translation>公共子表达式消除</translation>
    </message>
    <message>
        <source>Merge equal constants</source>
        <translation>合并相同常量</translation>
    </message>
    <message>
        <source>Gather quantized rows before DequantizeLinear</source>
        <translation>先按索引取量化行，再 DequantizeLinear</translation>
    </message>
    <message>
        <source>Move data as 8-bit between Q/DQ</source>
        <translation>在 Q/DQ 之间以 8 位搬运数据</translation>
    </message>
    <message>
        <source>Move row transpose above matmul</source>
        <translation>将行转置移到矩阵乘之前</translation>
    </message>
    <message>
        <source>Fold Q/DQ residual add into an INT8 add</source>
        <translation>将 Q/DQ 残差加法折叠为 INT8 加法</translation>
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
    <message>
        <source>Kiln engines (*.kiln *.engine *.plan);;All files (*)</source>
        <translation>Kiln 推理引擎 (*.kiln *.engine *.plan);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Engine written to %1</source>
        <translation>推理引擎已写入 %1</translation>
    </message>
    <message>
        <source>Cannot Export Engine</source>
        <translation>无法导出推理引擎</translation>
    </message>
    <message>
        <source>Build settings (*.json);;All files (*)</source>
        <translation>构建设置 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Cannot Load Build Settings</source>
        <translation>无法加载构建设置</translation>
    </message>
    <message>
        <source>Build settings written to %1 (kiln build --config accepts it)</source>
        <translation>构建设置已写入 %1（可用于 kiln build --config）</translation>
    </message>
    <message>
        <source>Cannot Save Build Settings</source>
        <translation>无法保存构建设置</translation>
    </message>
    <message>
        <source>Written: %1</source>
        <translation>已写入：%1</translation>
    </message>
    <message>
        <source>Cannot Export the Profile</source>
        <translation>无法导出性能分析结果</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>%1: cannot write the image</source>
        <translation>%1：无法写入图像</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>trtexec profile JSON (*.json)</source>
        <translation>trtexec 性能分析 JSON (*.json)</translation>
    </message>
    <message>
        <source>Keep Layer in FP32</source>
        <translation>将层保持为 FP32</translation>
    </message>
    <message>
        <source>Select a layer in the accuracy table first.</source>
        <translation>请先在精度表中选择一层。</translation>
    </message>
    <message>
        <source>Added an FP32 override for %1; rebuilding…</source>
        <translation>已为 %1 添加 FP32 覆盖；正在重新构建…</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON 文件 (*.json)</translation>
    </message>
    <message>
        <source>Cannot Export the Comparison</source>
        <translation>无法导出对比结果</translation>
    </message>
    <message>
        <source>Kiln Studio workspaces (*.kilnws *.json);;All files (*)</source>
        <translation>Kiln Studio 工作区 (*.kilnws *.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Cannot Open Workspace</source>
        <translation>无法打开工作区</translation>
    </message>
    <message>
        <source>Kiln Studio workspaces (*.kilnws)</source>
        <translation>Kiln Studio 工作区 (*.kilnws)</translation>
    </message>
    <message>
        <source>Cannot Save Workspace</source>
        <translation>无法保存工作区</translation>
    </message>
    <message numerus="yes">
        <source>Engine built: %n layer(s).</source>
        <translation>
            <numerusform>推理引擎已构建：%n 层。</numerusform>
        </translation>
    </message>
    <message>
        <source>Graph</source>
        <translation>计算图</translation>
    </message>
    <message>
        <source>Fusion</source>
        <translation>融合</translation>
    </message>
    <message>
        <source>Profiler</source>
        <translation>性能分析</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>精度</translation>
    </message>
    <message>
        <source>Build</source>
        <translation>构建</translation>
    </message>
    <message>
        <source>Build Panel</source>
        <translation>构建面板</translation>
    </message>
    <message>
        <source>&amp;Build</source>
        <translation>构建(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Analyze</source>
        <translation>分析(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Build Engine</source>
        <translation>构建推理引擎(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Cancel Build</source>
        <translation>取消构建(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Export Engine…</source>
        <translation>导出推理引擎(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Load Build Settings…</source>
        <translation>加载构建设置(&amp;L)…</translation>
    </message>
    <message>
        <source>&amp;Save Build Settings…</source>
        <translation>保存构建设置(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Profile Engine</source>
        <translation>分析推理引擎性能(&amp;P)</translation>
    </message>
    <message>
        <source>Export Chart as PNG…</source>
        <translation>将图表导出为 PNG…</translation>
    </message>
    <message>
        <source>Export Profile as CSV…</source>
        <translation>将性能分析导出为 CSV…</translation>
    </message>
    <message>
        <source>Export Profile as JSON (trtexec)…</source>
        <translation>将性能分析导出为 JSON（trtexec 格式）…</translation>
    </message>
    <message>
        <source>&amp;Compare with Reference</source>
        <translation>与参考结果对比(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Keep Layer in FP32 and Rebuild</source>
        <translation>将层保持为 FP32 并重新构建(&amp;K)</translation>
    </message>
    <message>
        <source>Export Comparison as JSON…</source>
        <translation>将对比结果导出为 JSON…</translation>
    </message>
    <message>
        <source>Open &amp;Workspace…</source>
        <translation>打开工作区(&amp;W)…</translation>
    </message>
    <message>
        <source>&amp;Save Workspace…</source>
        <translation>保存工作区(&amp;S)…</translation>
    </message>
    <message>
        <source>Workspace written to %1</source>
        <translation>工作区已写入 %1</translation>
    </message>
    <message>
        <source>%1: not a workspace file (%2)</source>
        <translation>%1：不是工作区文件（%2）</translation>
    </message>
    <message>
        <source>%1: not a Kiln Studio workspace</source>
        <translation>%1：不是 Kiln Studio 工作区</translation>
    </message>
    <message>
        <source>%1: written by a newer Kiln Studio (version %2)</source>
        <translation>%1：由更新版本的 Kiln Studio 写入（版本 %2）</translation>
    </message>
    <message>
        <source>%1: the model %2 does not exist</source>
        <translation>%1：模型 %2 不存在</translation>
    </message>
    <message>
        <source>&amp;Open Model or Engine…</source>
        <translation>打开模型或推理引擎(&amp;O)…</translation>
    </message>
    <message>
        <source>Open Model or Engine</source>
        <translation>打开模型或推理引擎</translation>
    </message>
    <message>
        <source>Models and engines (*.onnx *.engine *.plan *.kiln);;ONNX models (*.onnx);;Kiln engines (*.engine *.plan *.kiln);;All files (*)</source>
        <translation>模型和推理引擎 (*.onnx *.engine *.plan *.kiln);;ONNX 模型 (*.onnx);;Kiln 推理引擎 (*.engine *.plan *.kiln);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Cannot Open File</source>
        <translation>无法打开文件</translation>
    </message>
    <message>
        <source>Ready. Open an ONNX model or a Kiln engine to begin.</source>
        <translation>就绪。请打开一个 ONNX 模型或 Kiln 推理引擎开始。</translation>
    </message>
    <message>
        <source>%1: Kiln engine, %2 layers (%3)</source>
        <translation>%1：Kiln 推理引擎，%2 层（%3）</translation>
    </message>
    <message>
        <source>Compare Builds</source>
        <translation>构建对比</translation>
    </message>
    <message>
        <source>Cannot Compare Builds</source>
        <translation>无法对比构建</translation>
    </message>
    <message>
        <source>Cannot Export the Build Comparison</source>
        <translation>无法导出构建对比</translation>
    </message>
    <message>
        <source>Cannot Export the Graph</source>
        <translation>无法导出计算图</translation>
    </message>
    <message>
        <source>SVG images (*.svg)</source>
        <translation>SVG 图像 (*.svg)</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <source>Compare &amp;Builds</source>
        <translation>对比构建(&amp;B)</translation>
    </message>
    <message>
        <source>Build A and B, profile both, compare both with the reference, and match their layers by ONNX provenance</source>
        <translation>构建 A 和 B，分别分析性能并与参考结果对比，再按 ONNX 来源匹配它们的层</translation>
    </message>
    <message>
        <source>Cancel Build Comparison</source>
        <translation>取消构建对比</translation>
    </message>
    <message>
        <source>Export Build Comparison as CSV…</source>
        <translation>将构建对比导出为 CSV…</translation>
    </message>
    <message>
        <source>Export Graph as SVG…</source>
        <translation>将计算图导出为 SVG…</translation>
    </message>
    <message>
        <source>Export Graph as PNG…</source>
        <translation>将计算图导出为 PNG…</translation>
    </message>
    <message>
        <source>Export Optimized Graph as SVG…</source>
        <translation>将优化后的计算图导出为 SVG…</translation>
    </message>
    <message>
        <source>Export Optimized Graph as PNG…</source>
        <translation>将优化后的计算图导出为 PNG…</translation>
    </message>
    <message>
        <source>graph</source>
        <translation>计算图</translation>
    </message>
    <message>
        <source>optimized graph (level %1)</source>
        <translation>优化后的计算图（级别 %1）</translation>
    </message>
    <message>
        <source>Needs the ONNX model: an engine file is already optimized.</source>
        <translation>需要 ONNX 模型：推理引擎文件已经过优化。</translation>
    </message>
    <message>
        <source>Chrome trace JSON (*.json)</source>
        <translation>Chrome 跟踪 JSON (*.json)</translation>
    </message>
    <message>
        <source>Export Profile as Chrome Trace…</source>
        <translation>将性能分析导出为 Chrome 跟踪文件…</translation>
    </message>
    <message>
        <source>Cannot Restore Workspace Results</source>
        <translation>无法恢复工作区中的结果</translation>
    </message>
    <message>
        <source>Cannot Restore Workspace Build Settings</source>
        <translation>无法恢复工作区的构建设置</translation>
    </message>
    <message>
        <source>The workspace&apos;s build settings do not fit this model: %1</source>
        <translation>工作区的构建设置与此模型不符：%1</translation>
    </message>
    <message>
        <source>&amp;Documentation</source>
        <translation>文档(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>%1 (engine) — %2 — Kiln Studio</source>
        <translation>%1（推理引擎）— %2 — Kiln Studio</translation>
    </message>
    <message>
        <source>%1[*] — %2 — Kiln Studio</source>
        <translation>%1[*] — %2 — Kiln Studio</translation>
    </message>
    <message>
        <source>(documentation not found)</source>
        <translation>（未找到文档）</translation>
    </message>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <source>P&amp;rune to 2:4…</source>
        <translation>剪枝为 2:4(&amp;R)…</translation>
    </message>
    <message>
        <source>Magnitude-prune chosen Conv, Gemm and MatMul weights to 2:4 structured sparsity, write a new ONNX model and show the accuracy effect (kiln prune)</source>
        <translation>按幅值将所选 Conv、Gemm 和 MatMul 权重剪枝为 2:4 结构化稀疏，写出新的 ONNX 模型并显示对精度的影响（kiln prune）</translation>
    </message>
    <message>
        <source>Compare &amp;Engine Files…</source>
        <translation>对比推理引擎文件(&amp;E)…</translation>
    </message>
    <message>
        <source>Profile two engine files on the chosen inputs, compare their outputs and match their layers by ONNX provenance</source>
        <translation>在所选输入上分析两个推理引擎文件的性能，对比它们的输出，并按 ONNX 来源匹配它们的层</translation>
    </message>
    <message>
        <source>Compare with Engine &amp;File…</source>
        <translation>与推理引擎文件对比(&amp;F)…</translation>
    </message>
    <message>
        <source>Build the open model at level 0 with an engine file&apos;s settings and compare both with the reference on the chosen inputs</source>
        <translation>以推理引擎文件的设置在级别 0 构建当前模型，并在所选输入上将两者与参考结果对比</translation>
    </message>
    <message>
        <source>The workspace&apos;s test data set %1 is not there any more: the inputs are seeded random data (seed %2).</source>
        <translation>工作区的测试数据集 %1 已不存在：输入改为带种子的随机数据（种子 %2）。</translation>
    </message>
    <message>
        <source>The workspace&apos;s input file %1 is not there any more: the inputs are seeded random data (seed %2).</source>
        <translation>工作区的输入文件 %1 已不存在：输入改为带种子的随机数据（种子 %2）。</translation>
    </message>
    <message>
        <source>The workspace&apos;s shape for input “%1” is not used: the model has no such input.</source>
        <translation>工作区中输入“%1”的形状未被使用：模型没有该输入。</translation>
    </message>
    <message>
        <source>Workspace Inputs</source>
        <translation>工作区的输入</translation>
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
    <name>kiln::studio::PrecisionDebugModel</name>
    <message>
        <source>The tolerance is out of reach: even with every layer in FP32 the outputs miss it (max norm %1 on “%2”, limit %3). Loosen the max norm above and search again.</source>
        <translation>容差无法达到：即使所有层都保持 FP32，输出仍超出容差（“%2”的最大归一化误差为 %1，上限 %3）。请放宽上方的最大归一化误差后重新搜索。</translation>
    </message>
    <message>
        <source>There is no search result to save.</source>
        <translation>没有可保存的搜索结果。</translation>
    </message>
    <message>
        <source>every layer in %1</source>
        <translation>所有层为 %1</translation>
    </message>
    <message>
        <source>every candidate layer in FP32</source>
        <translation>所有候选层为 FP32</translation>
    </message>
    <message numerus="yes">
        <source>the top %n layer(s) of the ranking in FP32</source>
        <translation>
            <numerusform>排名前 %n 的层为 FP32</numerusform>
        </translation>
    </message>
    <message>
        <source>layer %1 back in %2, the other pins kept</source>
        <translation>层 %1 改回 %2，其余固定保持不变</translation>
    </message>
    <message>
        <source>%1. %2: %3, max norm %4 on “%5”</source>
        <translation>%1. %2：%3，“%5”的最大归一化误差为 %4</translation>
    </message>
    <message>
        <source>pass</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>FAIL</source>
        <translation>未通过</translation>
    </message>
    <message>
        <source>Running the reference and building the engine…</source>
        <translation>正在运行参考并构建推理引擎…</translation>
    </message>
    <message>
        <source>Trial %1: %2…</source>
        <translation>第 %1 次试验：%2…</translation>
    </message>
    <message>
        <source>Trial %1 of at most %2: %3…</source>
        <translation>第 %1 次试验（最多 %2 次）：%3…</translation>
    </message>
</context>
<context>
    <name>kiln::studio::PrecisionDebugPanel</name>
    <message numerus="yes">
        <source>Applied: %n FP32 override(s) in the build settings.</source>
        <translation>
            <numerusform>已应用：构建设置中加入了 %n 个 FP32 覆盖。</numerusform>
        </translation>
    </message>
    <message>
        <source>Rebuilding and comparing again…</source>
        <translation>正在重新构建并再次对比…</translation>
    </message>
    <message>
        <source>Save Overrides</source>
        <translation>保存覆盖</translation>
    </message>
    <message>
        <source>Build settings (*.json);;All files (*)</source>
        <translation>构建设置 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Written: %1 (kiln build --config reads it).</source>
        <translation>已写入：%1（kiln build --config 可读取）。</translation>
    </message>
    <message>
        <source>Cannot write the overrides: %1</source>
        <translation>无法写入覆盖：%1</translation>
    </message>
    <message>
        <source>Layer to keep in FP32</source>
        <translation>需保持为 FP32 的层</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Own error</source>
        <translation>自身误差</translation>
    </message>
    <message>
        <source>The layer&apos;s worst output max norm minus the worst of its inputs&apos; in the run with every layer in the reduced precision: the error the layer adds itself (Inf where it makes the first NaN or Inf).</source>
        <translation>在所有层均为低精度的运行中，该层输出的最大归一化误差减去其输入的最大归一化误差：即该层自身引入的误差（首次产生 NaN 或 Inf 的层为 Inf）。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop the search before its next trial.</source>
        <translation>在下一次试验前停止搜索。</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>Put these FP32 overrides into the build settings, replacing overrides of the same ONNX nodes and keeping the others. A comparison shown above is rebuilt and run again.</source>
        <translation>将这些 FP32 覆盖加入构建设置：替换同一 ONNX 节点的覆盖，保留其他覆盖。若上方显示了对比结果，则重新构建并再次对比。</translation>
    </message>
    <message>
        <source>Save Overrides…</source>
        <translation>保存覆盖…</translation>
    </message>
    <message>
        <source>Write the build settings with these overrides to a file that kiln build --config and Kiln Studio&apos;s Load Build Settings read (as kiln debug-precision --save-overrides).</source>
        <translation>将带有这些覆盖的构建设置写入文件，kiln build --config 和 Kiln Studio 的“加载构建设置”均可读取（与 kiln debug-precision --save-overrides 相同）。</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Drop this search result.</source>
        <translation>丢弃此搜索结果。</translation>
    </message>
    <message>
        <source>%1 rounding emulated on the CPU</source>
        <translation>在 CPU 上模拟 %1 舍入</translation>
    </message>
    <message>
        <source>Finding the layers to keep in FP32 so that the %1 engine&apos;s outputs stay within max norm %2 (%3).</source>
        <translation>正在查找需保持为 FP32 的层，使 %1 推理引擎的输出的最大归一化误差不超过 %2（%3）。</translation>
    </message>
    <message>
        <source>Search failed: %1</source>
        <translation>搜索失败：%1</translation>
    </message>
    <message numerus="yes">
        <source>Search cancelled after %n trial(s); nothing was applied.</source>
        <translation>
            <numerusform>搜索在 %n 次试验后已取消；未应用任何内容。</numerusform>
        </translation>
    </message>
    <message>
        <source>The whole engine passes in %1 as is: no layer needs FP32 (max norm %2, limit %3).</source>
        <translation>整个推理引擎以 %1 原样即可通过：没有层需要 FP32（最大归一化误差 %2，上限 %3）。</translation>
    </message>
    <message numerus="yes">
        <source>Keep %n layer(s) in FP32, the rest in %1: max norm %2, limit %3.</source>
        <translation>
            <numerusform>将 %n 个层保持为 FP32，其余为 %1：最大归一化误差 %2，上限 %3。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n ONNX node(s) to override, listed below.</source>
        <translation>
            <numerusform>需覆盖的 ONNX 节点共 %n 个，列于下方。</numerusform>
        </translation>
    </message>
    <message>
        <source>Trials: %1 of at most %2 (%3 candidate layers); builds: %4.</source>
        <translation>试验：%1 次（最多 %2 次，%3 个候选层）；构建：%4 次。</translation>
    </message>
    <message>
        <source>An estimate from %1 rounding emulated on the CPU, not a GPU run: on a GPU, build in %1 with these overrides and compare again.</source>
        <translation>这是在 CPU 上模拟 %1 舍入得出的估计，并非 GPU 运行结果：在 GPU 上请用这些覆盖以 %1 构建后再次对比。</translation>
    </message>
    <message>
        <source>No layer pinned to FP32.</source>
        <translation>没有层被固定为 FP32。</translation>
    </message>
    <message>
        <source>Pinned to FP32: %1</source>
        <translation>固定为 FP32：%1</translation>
    </message>
    <message>
        <source>Output max norm %1 minus input max norm %2, every layer in %3.</source>
        <translation>输出最大归一化误差 %1 减去输入最大归一化误差 %2（所有层为 %3）。</translation>
    </message>
    <message>
        <source>ONNX node names</source>
        <translation>ONNX 节点名称</translation>
    </message>
    <message>
        <source>one %1 build on %2 per trial</source>
        <translation>每次试验在 %2 上构建一次 %1 推理引擎</translation>
    </message>
</context>
<context>
    <name>kiln::studio::ProfileModel</name>
    <message>
        <source>From ONNX nodes:</source>
        <translation>来源 ONNX 节点：</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>精度</translation>
    </message>
    <message>
        <source>Tactic</source>
        <translation>策略</translation>
    </message>
    <message>
        <source>ONNX nodes</source>
        <translation>ONNX 节点数</translation>
    </message>
    <message>
        <source>Median (ms)</source>
        <translation>中位数（毫秒）</translation>
    </message>
    <message>
        <source>%</source>
        <translation>%</translation>
    </message>
    <message>
        <source>%1 ms median, %2 % of the run</source>
        <translation>中位数 %1 毫秒，占整次推理的 %2 %</translation>
    </message>
    <message>
        <source>%1 ms (share of layer %2), %3 %</source>
        <translation>%1 毫秒（层 %2 的分摊），%3 %</translation>
    </message>
    <message>
        <source>There is no profile yet.</source>
        <translation>还没有性能分析结果。</translation>
    </message>
    <message>
        <source>Backend</source>
        <translation>后端</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Backend: %1</source>
        <translation>后端：%1</translation>
    </message>
    <message>
        <source>Format: %1</source>
        <translation>格式：%1</translation>
    </message>
</context>
<context>
    <name>kiln::studio::ProfilerView</name>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Warm-up:</source>
        <translation>预热：</translation>
    </message>
    <message>
        <source>Iterations:</source>
        <translation>迭代：</translation>
    </message>
    <message>
        <source>Top N:</source>
        <translation>前 N 项：</translation>
    </message>
    <message>
        <source>Heat map on the graphs</source>
        <translation>在计算图上显示热力图</translation>
    </message>
    <message>
        <source>Colour graph nodes by time: layers on the optimized graph, and their ONNX source nodes (time shared among them) on the original graph.</source>
        <translation>按耗时为节点着色：优化后计算图上按层着色，原始计算图上按其 ONNX 来源节点着色（耗时在来源节点间分摊）。</translation>
    </message>
    <message>
        <source>Top layers</source>
        <translation>耗时最多的层</translation>
    </message>
    <message>
        <source>Time by layer type</source>
        <translation>按层类型统计耗时</translation>
    </message>
    <message>
        <source>Timeline of one inference</source>
        <translation>单次推理时间线</translation>
    </message>
    <message>
        <source>Profiling failed: %1</source>
        <translation>性能分析失败：%1</translation>
    </message>
    <message>
        <source>Engine ready. Run the profiler to time every layer.</source>
        <translation>推理引擎已就绪。运行性能分析以测量每一层的耗时。</translation>
    </message>
    <message>
        <source>Build an engine first (Build panel), then profile it here.</source>
        <translation>请先构建推理引擎（构建面板），然后在此分析其性能。</translation>
    </message>
    <message>
        <source>No profile yet</source>
        <translation>尚无性能分析结果</translation>
    </message>
    <message>
        <source>median ms</source>
        <translation>中位数（毫秒）</translation>
    </message>
    <message>
        <source>ms per inference (sum of medians)</source>
        <translation>每次推理毫秒数（中位数之和）</translation>
    </message>
    <message>
        <source>ms from the start of the inference (drag and scroll to zoom)</source>
        <translation>自推理开始的毫秒数（拖动和滚轮可缩放）</translation>
    </message>
    <message>
        <source>By layer type</source>
        <translation>按层类型</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <source>Profiling: %1 warm-up runs, %2 end-to-end runs, then %2 profiled runs…</source>
        <translation>正在分析：预热 %1 次，端到端运行 %2 次，然后逐层分析 %2 次…</translation>
    </message>
    <message>
        <source>End to end (median of %1 runs): %2 ms</source>
        <translation>端到端（%1 次运行的中位数）：%2 毫秒</translation>
    </message>
    <message>
        <source>Sum of layer medians: %1 ms (each layer timed alone)</source>
        <translation>各层中位数之和：%1 毫秒（每层单独计时）</translation>
    </message>
    <message numerus="yes">
        <source>%n layer(s), %1 profiled runs</source>
        <translation>
            <numerusform>%n 层，分析 %1 次</numerusform>
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
    <message>
        <source>Engine layer</source>
        <translation>推理引擎层</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Tactic</source>
        <translation>策略</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>精度</translation>
    </message>
    <message>
        <source>Tactic time</source>
        <translation>策略耗时</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>not timed</source>
        <translation>未计时</translation>
    </message>
    <message>
        <source>Plugin version</source>
        <translation>插件版本</translation>
    </message>
    <message>
        <source>INT8 dynamic ranges (%1)</source>
        <translation>INT8 动态范围（%1）</translation>
    </message>
    <message>
        <source>in: %1</source>
        <translation>输入：%1</translation>
    </message>
    <message>
        <source>out: %1</source>
        <translation>输出：%1</translation>
    </message>
    <message>
        <source>no calibrated tensor</source>
        <translation>没有已校准的张量</translation>
    </message>
    <message>
        <source>Backend</source>
        <translation>后端</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>%1 (default)</source>
        <translation>%1（默认）</translation>
    </message>
    <message>
        <source>Not set by the node: the ONNX schema&apos;s default value</source>
        <translation>节点未设置：ONNX 算子定义中的默认值</translation>
    </message>
    <message>
        <source>Outer-scope value</source>
        <translation>外层作用域的值</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>作用域</translation>
    </message>
    <message>
        <source>read from the enclosing graph</source>
        <translation>从外层计算图读取</translation>
    </message>
    <message>
        <source>Bodies (%1)</source>
        <translation>子图（%1）</translation>
    </message>
    <message numerus="yes">
        <source>%n node(s)</source>
        <translation>
            <numerusform>%n 个节点</numerusform>
        </translation>
    </message>
    <message>
        <source>Double-click to open this body in the graph</source>
        <translation>双击以在计算图中打开此子图</translation>
    </message>
    <message>
        <source>Outer-scope values (%1)</source>
        <translation>外层作用域的值（%1）</translation>
    </message>
    <message>
        <source>[outer scope]</source>
        <translation>[外层作用域]</translation>
    </message>
</context>
<context>
    <name>kiln::studio::PruneDialog</name>
    <message>
        <source>Write the Pruned Model To</source>
        <translation>剪枝后模型的保存位置</translation>
    </message>
    <message>
        <source>ONNX models (*.onnx);;All files (*)</source>
        <translation>ONNX 模型 (*.onnx);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>Reading the weights…</source>
        <translation>正在读取权重…</translation>
    </message>
    <message>
        <source>already 2:4</source>
        <translation>已是 2:4</translation>
    </message>
    <message>
        <source>Check at least one layer to prune.</source>
        <translation>请至少勾选一个要剪枝的层。</translation>
    </message>
    <message>
        <source>%1 is the open model: write the pruned model to another file.</source>
        <translation>%1 是当前打开的模型：请将剪枝后的模型写到另一个文件。</translation>
    </message>
    <message>
        <source>Replace File?</source>
        <translation>替换文件？</translation>
    </message>
    <message>
        <source>%1 exists. Replace it with the pruned model?</source>
        <translation>%1 已存在。要用剪枝后的模型替换它吗？</translation>
    </message>
    <message>
        <source>Cancelled: the pruned model was written to %1, its accuracy was not measured.</source>
        <translation>已取消：剪枝后的模型已写入 %1，但未测量其精度。</translation>
    </message>
    <message>
        <source>Cancelled: nothing was written.</source>
        <translation>已取消：未写出任何文件。</translation>
    </message>
    <message numerus="yes">
        <source>Pruned %n layer(s) to 2:4 (the 2 largest |w| of every 4 along the reduction dimension) and wrote %1.</source>
        <translation>
            <numerusform>已将 %n 层剪枝为 2:4（沿规约维度每 4 个保留 |w| 最大的 2 个）并写入 %1。</numerusform>
        </translation>
    </message>
    <message>
        <source>Accuracy: every output of the pruned model is within tolerance of the original.</source>
        <translation>精度：剪枝后模型的每个输出都在原始模型的容差范围内。</translation>
    </message>
    <message numerus="yes">
        <source>Accuracy: %n output(s) of the pruned model outside tolerance of the original. Informative: pruning without fine-tuning changes the outputs.</source>
        <translation>
            <numerusform>精度：剪枝后模型有 %n 个输出超出原始模型的容差。仅供参考：未经微调的剪枝会改变输出。</numerusform>
        </translation>
    </message>
    <message>
        <source>Rule: max norm error ≤ %1.</source>
        <translation>规则：最大归一化误差 ≤ %1。</translation>
    </message>
    <message>
        <source>Rule: max norm error ≤ %1 (fp32).</source>
        <translation>规则：最大归一化误差 ≤ %1（fp32）。</translation>
    </message>
    <message>
        <source>Rule: elementwise, atol %1, rtol %2.</source>
        <translation>规则：逐元素，绝对容差 %1，相对容差 %2。</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n layer(s) with a weight (Conv, Gemm, MatMul), %2 eligible for 2:4 along the reduction dimension, %3 already 2:4; %4 checked.</source>
        <translation>
            <numerusform>%1：%n 个带权重的层（Conv、Gemm、MatMul），其中 %2 个可沿规约维度剪枝为 2:4，%3 个已是 2:4；已勾选 %4 个。</numerusform>
        </translation>
    </message>
    <message>
        <source>Pruning failed: %1</source>
        <translation>剪枝失败：%1</translation>
    </message>
    <message>
        <source>Cannot read the model&apos;s weights: %1</source>
        <translation>无法读取模型的权重：%1</translation>
    </message>
    <message>
        <source>Prune to 2:4</source>
        <translation>剪枝为 2:4</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Op</source>
        <translation>算子</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>Shape</source>
        <translation>形状</translation>
    </message>
    <message>
        <source>Grouped along</source>
        <translation>分组维度</translation>
    </message>
    <message>
        <source>2:4 groups</source>
        <translation>2:4 分组</translation>
    </message>
    <message>
        <source>Zeros</source>
        <translation>零值</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Check All Prunable</source>
        <translation>勾选所有可剪枝层</translation>
    </message>
    <message>
        <source>Uncheck All</source>
        <translation>全部取消勾选</translation>
    </message>
    <message>
        <source>Write to:</source>
        <translation>写入：</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>&amp;Prune</source>
        <translation>剪枝(&amp;P)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>&amp;Open Pruned Model</source>
        <translation>打开剪枝后的模型(&amp;O)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Both models ran in FP32 on the CPU reference on the same seeded random inputs.</source>
        <translation>两个模型都在 CPU 参考执行器上以 FP32 运行，输入为相同的固定种子随机数据。</translation>
    </message>
</context>
<context>
    <name>kiln::studio::PruneModel</name>
    <message>
        <source>no weight input</source>
        <translation>没有权重输入</translation>
    </message>
    <message>
        <source>weight &apos;%1&apos; is not an initializer (computed or a graph input)</source>
        <translation>权重“%1”不是初始化器（由计算得到或是图输入）</translation>
    </message>
    <message>
        <source>weight &apos;%1&apos; is also a graph input, so a run may replace it</source>
        <translation>权重“%1”同时是图输入，运行时可能被替换</translation>
    </message>
    <message>
        <source>weight &apos;%1&apos; is %2, not floating point</source>
        <translation>权重“%1”是 %2，不是浮点类型</translation>
    </message>
    <message>
        <source>weight &apos;%1&apos; has rank %2</source>
        <translation>权重“%1”的秩为 %2</translation>
    </message>
    <message>
        <source>%1 is not a multiple of 4</source>
        <translation>%1 不是 4 的倍数</translation>
    </message>
    <message>
        <source>weight &apos;%1&apos; is read by %2 nodes; pruning it would change them all</source>
        <translation>权重“%1”被 %2 个节点读取；剪枝会改变所有这些节点</translation>
    </message>
    <message>
        <source>Pruning and writing the model…</source>
        <translation>正在剪枝并写出模型…</translation>
    </message>
    <message>
        <source>Running the original model…</source>
        <translation>正在运行原始模型…</translation>
    </message>
    <message>
        <source>Running the pruned model…</source>
        <translation>正在运行剪枝后的模型…</translation>
    </message>
    <message>
        <source>Choose the file to write the pruned model to.</source>
        <translation>请选择写出剪枝后模型的文件。</translation>
    </message>
    <message>
        <source>%1 is the open model: write the pruned model to another file.</source>
        <translation>%1 是当前打开的模型：请将剪枝后的模型写到另一个文件。</translation>
    </message>
</context>
<context>
    <name>kiln::studio::RunInputChooser</name>
    <message>
        <source>Inputs:</source>
        <translation>输入：</translation>
    </message>
    <message>
        <source>Seeded random</source>
        <translation>带种子的随机数据</translation>
    </message>
    <message>
        <source>Test data set</source>
        <translation>测试数据集</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>What the profiler and the accuracy comparison run on: seeded random data at a shape within the engine&apos;s profile, a test_data_set_* folder next to the model, or .npy/.pb files.</source>
        <translation>性能分析与精度对比所用的输入：在推理引擎优化配置范围内某一形状上的带种子随机数据、模型旁的 test_data_set_* 文件夹，或 .npy/.pb 文件。</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>种子：</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Choose .npy or .pb files, one per input (a file named after an input feeds it).</source>
        <translation>选择 .npy 或 .pb 文件，每个输入一个（以输入名命名的文件对应该输入）。</translation>
    </message>
    <message>
        <source>The test_data_set_* folders next to the model.</source>
        <translation>模型旁的 test_data_set_* 文件夹。</translation>
    </message>
    <message>
        <source>none next to the model</source>
        <translation>模型旁没有</translation>
    </message>
    <message>
        <source>no files chosen</source>
        <translation>未选择文件</translation>
    </message>
    <message>
        <source>The shape &apos;%1&apos; for input &apos;%2&apos; is not dims like %3.</source>
        <translation>输入“%2”的形状“%1”不是形如 %3 的维度。</translation>
    </message>
    <message>
        <source>%1 is outside the engine&apos;s profile for %2 (min %3, max %4).</source>
        <translation>%1 超出了推理引擎对 %2 的优化配置（最小 %3，最大 %4）。</translation>
    </message>
    <message>
        <source>Shape of %1 for seeded random data, between %2 and %3 (the engine&apos;s profile); empty: %4.</source>
        <translation>%1 的带种子随机数据的形状，介于 %2 与 %3 之间（推理引擎的优化配置）；留空则为 %4。</translation>
    </message>
    <message>
        <source>Choose Input Files</source>
        <translation>选择输入文件</translation>
    </message>
    <message>
        <source>Tensors (*.npy *.pb);;All files (*)</source>
        <translation>张量 (*.npy *.pb);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>kiln::studio::RunInputs</name>
    <message>
        <source>Input: %1, shape %2</source>
        <translation>输入：%1，形状 %2</translation>
    </message>
    <message>
        <source>scalar</source>
        <translation>标量</translation>
    </message>
    <message>
        <source>The shape names &apos;%1&apos;, which is not an input of the model.</source>
        <translation>形状中指定的“%1”不是模型的输入。</translation>
    </message>
    <message>
        <source>seeded random (seed %1)</source>
        <translation>带种子的随机数据（种子 %1）</translation>
    </message>
    <message>
        <source>No test data set is chosen.</source>
        <translation>尚未选择测试数据集。</translation>
    </message>
    <message>
        <source>%1 holds no test data set.</source>
        <translation>%1 中没有测试数据集。</translation>
    </message>
    <message>
        <source>No input files are chosen.</source>
        <translation>尚未选择输入文件。</translation>
    </message>
    <message>
        <source>files %1</source>
        <translation>文件 %1</translation>
    </message>
    <message>
        <source>%1, the other inputs seeded random (seed %2)</source>
        <translation>%1，其余输入为带种子的随机数据（种子 %2）</translation>
    </message>
    <message>
        <source>Input &apos;%1&apos; has shape %2, outside the engine&apos;s optimization profile (min %3, max %4).</source>
        <translation>输入“%1”的形状为 %2，超出了推理引擎的优化配置（最小 %3，最大 %4）。</translation>
    </message>
    <message>
        <source>%1: its name field says “%2”, but it is compared with output “%3” (the files&apos; names do not all match the model&apos;s outputs, so they are taken in order).</source>
        <translation>%1：其 name 字段为“%2”，但它与输出“%3”对比（这些文件的名称与模型的输出不完全一致，因此按顺序对应）。</translation>
    </message>
    <message>
        <source>Stored outputs come with a test data set: choose “Test data set” as the input, or compare with the reference run.</source>
        <translation>存储的输出随测试数据集提供：请选择“测试数据集”作为输入，或与参考运行对比。</translation>
    </message>
    <message>
        <source>%1 has no stored outputs (no output_0.pb, output_1.pb, … next to its inputs): compare with the reference run.</source>
        <translation>%1 没有存储的输出（其输入旁没有 output_0.pb、output_1.pb、…）：请与参考运行对比。</translation>
    </message>
</context>
<context>
    <name>kiln::studio::ScopeTree</name>
    <message>
        <source>Nodes %1–%2</source>
        <translation>节点 %1–%2</translation>
    </message>
    <message>
        <source>Block %1 of %2</source>
        <translation>模块 %1，共 %2 个</translation>
    </message>
    <message>
        <source>repeated structure: %1 nodes per block</source>
        <translation>重复结构：每个模块 %1 个节点</translation>
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
    <message>
        <source>Layer types (%1)</source>
        <translation>层类型（%1）</translation>
    </message>
    <message>
        <source>Engine</source>
        <translation>推理引擎</translation>
    </message>
    <message>
        <source>Backend</source>
        <translation>后端</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <source>Format version</source>
        <translation>格式版本</translation>
    </message>
    <message>
        <source>Built by</source>
        <translation>构建工具</translation>
    </message>
    <message>
        <source>Kiln %1</source>
        <translation>Kiln %1</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>层数</translation>
    </message>
    <message>
        <source>%1 (%2 plugin)</source>
        <translation>%1（其中 %2 个插件层）</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>Optimization level</source>
        <translation>优化级别</translation>
    </message>
    <message>
        <source>Allowed precisions</source>
        <translation>允许的精度</translation>
    </message>
    <message>
        <source>Tactic time</source>
        <translation>策略耗时</translation>
    </message>
    <message>
        <source>%1 ms over %2 timed layers</source>
        <translation>%1 毫秒（共 %2 个计时层）</translation>
    </message>
    <message>
        <source>Plugins</source>
        <translation>插件</translation>
    </message>
    <message>
        <source>Libraries</source>
        <translation>依赖库</translation>
    </message>
    <message>
        <source>Optimization profiles (%1)</source>
        <translation>优化配置（%1）</translation>
    </message>
    <message>
        <source>Profile %1</source>
        <translation>配置 %1</translation>
    </message>
    <message>
        <source>min / opt / max</source>
        <translation>最小 / 最优 / 最大</translation>
    </message>
    <message>
        <source>Precisions (%1)</source>
        <translation>精度（%1）</translation>
    </message>
    <message numerus="yes">
        <source>%n layer(s)</source>
        <translation>
            <numerusform>%n 层</numerusform>
        </translation>
    </message>
    <message>
        <source>Tactics (%1)</source>
        <translation>策略（%1）</translation>
    </message>
    <message numerus="yes">
        <source>INT8 dynamic ranges (%1, %n tensor(s))</source>
        <translation>
            <numerusform>INT8 动态范围（%1，%n 个张量）</numerusform>
        </translation>
    </message>
    <message>
        <source>in: %1</source>
        <translation>输入：%1</translation>
    </message>
    <message>
        <source>out: %1</source>
        <translation>输出：%1</translation>
    </message>
    <message>
        <source>every node can be imported and run on the CPU</source>
        <translation>所有节点均可导入并在 CPU 上运行</translation>
    </message>
    <message>
        <source>Not imported: Kiln has no importer for this node as it stands</source>
        <translation>未导入：Kiln 无法按此节点当前的形式导入它</translation>
    </message>
    <message>
        <source>%1: imported, cannot run on the CPU: %2</source>
        <translation>%1：已导入，但无法在 CPU 上运行：%2</translation>
    </message>
    <message>
        <source>Imported, but the CPU backend has no kernel that runs it</source>
        <translation>已导入，但 CPU 后端没有能运行它的内核</translation>
    </message>
</context>
<context>
    <name>kiln::studio::Workbench</name>
    <message>
        <source>Open an ONNX model first.</source>
        <translation>请先打开一个 ONNX 模型。</translation>
    </message>
    <message>
        <source>An engine file is open: the search builds engines from the ONNX model. Open the model instead.</source>
        <translation>当前打开的是推理引擎文件：搜索需要从 ONNX 模型构建推理引擎。请改为打开该模型。</translation>
    </message>
    <message>
        <source>A search is running.</source>
        <translation>搜索正在进行。</translation>
    </message>
    <message>
        <source>The build settings are not valid: %1</source>
        <translation>构建设置无效：%1</translation>
    </message>
    <message>
        <source>Choose FP16 or BF16 under “Emulate on the CPU” (or allow one in the build settings): the search needs the precision to keep layers out of.</source>
        <translation>请在“在 CPU 上模拟”中选择 FP16 或 BF16（或在构建设置中允许其中之一）：搜索需要知道要让哪些层避开的精度。</translation>
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
