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
        <source>An element passes when |engine − reference| ≤ atol + rtol · |reference|.</source>
        <translation>当 |引擎 − 参考| ≤ 绝对容差 + 相对容差 · |参考| 时，该元素通过。</translation>
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
        <source>Engine ready. Compare it with the unoptimized FP32 reference on seeded random inputs.</source>
        <translation>推理引擎已就绪。可在固定种子的随机输入上与未优化的 FP32 参考结果对比。</translation>
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
</context>
<context>
    <name>kiln::studio::BuildSettingsModel</name>
    <message>
        <source>&apos;%1&apos; is not a shape; write the dims like 1x3x224x224</source>
        <translation>“%1”不是形状；请按 1x3x224x224 的格式填写各维</translation>
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
        <source>Profiling: %1 warm-up and %2 profiled runs…</source>
        <translation>正在分析性能：预热 %1 次，分析 %2 次…</translation>
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
    <message numerus="yes">
        <source>%n layer(s), %1 profiled runs: %2 ms per inference (sum of layer medians). Each layer is timed on its own, so end-to-end latency is measured separately.</source>
        <translation>
            <numerusform>%n 层，分析 %1 次：每次推理 %2 毫秒（各层中位数之和）。每层单独计时，因此端到端延迟另行测量。</numerusform>
        </translation>
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
