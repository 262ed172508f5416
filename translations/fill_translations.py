#!/usr/bin/env python3
"""Fills translations/kiln_zh_CN.ts and kiln_en.ts after lupdate.

The Chinese texts live in ZH below (source text -> translation), so a refresh is:
    ninja -C build kiln_widgets_lupdate && python3 translations/fill_translations.py
lupdate marks new strings "unfinished"; a string missing from ZH is reported and left unfinished
(tests/gui/test_language.cpp fails on unfinished entries, so nothing ships half translated).
English uses the source text, with proper singular/plural forms for %n messages.
"""
import html
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

ZH = {
    # GraphModel: op families
    "Convolution": "卷积",
    "Matrix multiply": "矩阵乘法",
    "Activation": "激活",
    "Normalization": "归一化",
    "Pooling": "池化",
    "Element-wise": "逐元素运算",
    "Reduction": "规约",
    "Softmax / attention": "Softmax / 注意力",
    "Shape and layout": "形状与布局",
    "Quantization": "量化",
    "Constant": "常量",
    "Control and logic": "控制与逻辑",
    "Input / output": "输入 / 输出",
    "Other": "其他",
    "scalar": "标量",
    # GraphPanel
    "Layout cancelled.": "布局已取消。",
    "Layout failed: %1": "布局失败：%1",
    "Search node name, op type or tensor (Ctrl+F)": "搜索节点名称、算子类型或张量（Ctrl+F）",
    "Previous match": "上一个匹配",
    "Next match": "下一个匹配",
    "Fit": "适应窗口",
    "Fit the graph to the window": "缩放计算图以适应窗口",
    "Zoom in": "放大",
    "Zoom out": "缩小",
    "Expand all": "全部展开",
    "Open every block (large graphs take longer to lay out)": "展开所有模块（大型计算图的布局需要更长时间）",
    "Collapse all": "全部折叠",
    "Close every block": "折叠所有模块",
    "Cancel": "取消",
    "Open an ONNX model (File → Open, or drop a file here) to see its graph.":
        "打开一个 ONNX 模型（文件 → 打开，或将文件拖放到此处）以查看其计算图。",
    "No match": "无匹配",
    "%1 of %2": "第 %1 个，共 %2 个",
    "Laying out the graph…": "正在布局计算图…",
    "Laying out the graph: block %1 of %2": "正在布局计算图：第 %1 个模块，共 %2 个",
    # GraphScene
    "Unsupported: %1": "不支持：%1",
    "Double-click the title to collapse": "双击标题以折叠",
    "Double-click to expand": "双击以展开",
    "%1, %2 unsupported": "%1，其中 %2 个不支持",
    # GraphStyle (numerus)
    "%n node(s)": ["%n 个节点"],
    # MainWindow
    "About Kiln Studio": "关于 Kiln Studio",
    "<b>Kiln Studio</b> %1<br>A workbench for deep-learning inference: ONNX import, graph inspection, engine building and profiling.":
        "<b>Kiln Studio</b> %1<br>深度学习推理工作台：ONNX 导入、计算图查看、推理引擎构建与性能分析。",
    "&File": "文件(&F)",
    "Open &Recent": "最近打开(&R)",
    "&View": "视图(&V)",
    "&Language": "语言(&L)",
    "&Help": "帮助(&H)",
    "&Open Model…": "打开模型(&O)…",
    "Clear List": "清除列表",
    "&Quit": "退出(&Q)",
    "&Fit to Window": "适应窗口(&F)",
    "Zoom &In": "放大(&I)",
    "Zoom &Out": "缩小(&O)",
    "&Find in Graph…": "在计算图中查找(&F)…",
    "Show &Minimap": "显示缩略图(&M)",
    "&About Kiln Studio": "关于 Kiln Studio(&A)",
    "System Default": "跟随系统",
    "English": "英语",
    "Model Summary": "模型概要",
    "Properties": "属性",
    "(no recent files)": "（无最近文件）",
    "Open ONNX Model": "打开 ONNX 模型",
    "ONNX models (*.onnx);;All files (*)": "ONNX 模型 (*.onnx);;所有文件 (*)",
    "Cannot Open Model": "无法打开模型",
    "Kiln could not open %1.": "Kiln 无法打开 %1。",
    "Close": "关闭",
    "Loading model…": "正在加载模型…",
    "Failed: %1": "失败：%1",
    "Ready. Open an ONNX model to begin.": "就绪。打开一个 ONNX 模型以开始。",
    "%1: %2 nodes, %3 unsupported": "%1：%2 个节点，%3 个不支持",
    "laying out…": "正在布局…",
    "layout %1 s, %2 collapsed blocks (double-click to open)": "布局用时 %1 秒，%2 个折叠模块（双击展开）",
    # MiniMap
    "Overview: click or drag to move the view": "全局缩略图：单击或拖动以移动视图",
    # ModelLoader
    "%1: unknown error while importing": "%1：导入时发生未知错误",
    # ModelSummary (numerus)
    "%n byte(s)": ["%n 字节"],
    # PropertiesPanel
    "Name": "名称",
    "Value": "值",
    "Weights": "权重",
    "<i>Select a node in the graph to see its properties.</i>": "<i>在计算图中选择一个节点以查看其属性。</i>",
    "unknown shape": "形状未知",
    "Graph input": "计算图输入",
    "Graph output": "计算图输出",
    "Tensor": "张量",
    "Type": "类型",
    "Shape": "形状",
    "(unnamed node)": "（未命名节点）",
    "Unsupported:": "不支持：",
    "Attributes (%1)": "属性（%1）",
    "none": "无",
    "Inputs (%1)": "输入（%1）",
    "(omitted)": "（省略）",
    "[constant]": "[常量]",
    "Outputs (%1)": "输出（%1）",
    "From ONNX nodes": "来源 ONNX 节点",
    "%1 elements of %2: no statistics for this type": "%1 个 %2 元素：此类型无统计信息",
    "min %1   max %2   mean %3   std %4": "最小 %1   最大 %2   均值 %3   标准差 %4",
    "%1 elements, %2 zeros": "%1 个元素，零值占 %2",
    "%1 NaN/Inf": "%1 个 NaN/Inf",
    "value": "数值",
    "count": "计数",
    # ScopeTree
    "Nodes %1–%2": "节点 %1–%2",
    # SummaryPanel
    "Property": "项目",
    "No model loaded": "未加载模型",
    "Model": "模型",
    "File": "文件",
    "Graph": "计算图",
    "Producer": "生成工具",
    "(not recorded)": "（未记录）",
    "IR version": "IR 版本",
    "Opsets": "算子集版本",
    "Nodes": "节点数",
    "Parameters": "参数量",
    "%1 (%2)": "%1（%2）",
    "Inputs": "输入",
    "Outputs": "输出",
    "Operators (%1 types)": "算子（%1 种）",
    "Unsupported nodes (%1)": "不支持的节点（%1）",
    "every node can be imported": "所有节点均可导入",
    "%1: %2": "%1：%2",
    "node %1": "节点 %1",
    "Importer warnings (%1)": "导入警告（%1）",
    # main (command line help)
    "Render the main views of MODEL to PNG files in DIR and exit.": "将 MODEL 的主要视图渲染为 DIR 中的 PNG 文件，然后退出。",
    "Interface language (en, zh_CN).": "界面语言（en、zh_CN）。",
    "Open a synthetic transformer with LAYERS layers.": "打开一个包含 LAYERS 层的合成 Transformer 模型。",
    "With --screenshot: the node to select.": "与 --screenshot 一起使用：要选中的节点。",
    "ONNX model to open.": "要打开的 ONNX 模型。",
    # Analysis views (fusion, build, profiler, accuracy, workspaces)
    'Optimization level:': '优化级别：',
    '0 — none': '0 — 不优化',
    '1 — clean-ups (constant folding, BatchNorm folding)': '1 — 清理（常量折叠、BatchNorm 折叠）',
    '2 — + vertical fusions (epilogues, pointwise chains)': '2 — + 纵向融合（尾处理融合、逐元素链）',
    '3 — + horizontal and attention fusions': '3 — + 横向融合与注意力融合',
    'Re-optimizes the model at this level; the right-hand graph updates.': '按此级别重新优化模型；右侧计算图随之更新。',
    'Fusion or rewrite': '融合或改写',
    'Times fired': '触发次数',
    'Original ONNX graph — %n node(s)': ['原始 ONNX 计算图 — %n 个节点'],
    'Optimized graph': '优化后的计算图',
    'Open a model to see what the optimizer does to it.': '打开一个模型，查看优化器对它做了什么。',
    'Optimizing at level %1…': '正在按级别 %1 优化…',
    'Optimization failed: %1': '优化失败：%1',
    'Optimized at level %1 — %n layer(s)': ['级别 %1 优化后 — %n 层'],
    '%1 → %2 nodes, %3 rewrites in %4 round(s), %5 ms. Click a node on either side to see where it came from or what it became.': '%1 → %2 个节点，%4 轮共 %3 次改写，用时 %5 毫秒。单击任一侧的节点，查看它的来源或它变成了什么。',
    '(nothing fired at this level)': '（此级别下没有触发任何融合）',
    'Fused from %1 ONNX nodes:': '由 %1 个 ONNX 节点融合而成：',
    'Import': '导入',
    'Optimize': '优化',
    'Select tactics': '选择策略',
    'Serialize': '序列化',
    'Build started: optimization level %1, %n profile(s).': ['开始构建：优化级别 %1，%n 个优化配置。'],
    '[%1] started': '[%1] 开始',
    '[%1] layer %2 of %3: %4': '[%1] 第 %2 层，共 %3 层：%4',
    'Build cancelled.': '构建已取消。',
    'Build failed: %1': '构建失败：%1',
    'Built %n layer(s) in %1 ms (%2 → %3 nodes).': ['构建完成：%n 层，用时 %1 毫秒（%2 → %3 个节点）。'],
    'There is no engine yet: build one first.': '还没有推理引擎：请先构建。',
    'Timing Cache File': '计时缓存文件',
    'Timing caches (*.cache *.bin);;All files (*)': '计时缓存 (*.cache *.bin);;所有文件 (*)',
    'Calibration Data Folder': '校准数据文件夹',
    'Building…': '正在构建…',
    'Built: %n layer(s).': ['已构建：%n 层。'],
    'Build failed.': '构建失败。',
    'Target': '目标',
    'Precisions the builder may use': '构建器可使用的精度',
    'Per-layer precision overrides': '逐层精度覆盖',
    'Optimization profiles (dynamic inputs)': '优化配置（动态输入）',
    'Build': '构建',
    'Backend:': '后端：',
    'Sparsity:': '稀疏：',
    'Workspace limit:': '工作空间上限：',
    ' MiB': ' MiB',
    'Timing cache:': '计时缓存：',
    'none (tactics are timed on every build)': '无（每次构建都重新计时策略）',
    'Calibration data:': '校准数据：',
    'folder of input tensors (.pb / .npy)': '输入张量文件夹（.pb / .npy）',
    'Stored with the workspace; INT8 calibration comes with the precision work.': '随工作区保存；INT8 校准将随精度功能一起提供。',
    'Disabled': '关闭',
    'Enabled (where weights are 2:4 sparse)': '开启（权重为 2:4 稀疏时）',
    'Forced': '强制',
    'CUDA (not available)': 'CUDA（不可用）',
    'Layer, ONNX node or op type': '层、ONNX 节点或算子类型',
    'Precision': '精度',
    'Add override': '添加覆盖',
    'Remove': '删除',
    'Add profile': '添加配置',
    'Remove profile': '删除配置',
    'Every input of this model has a static shape: the engine gets one implicit profile.': '此模型的所有输入均为静态形状：推理引擎使用一个隐式配置。',
    'Profile %1': '配置 %1',
    'Not built yet.': '尚未构建。',
    'Input': '输入',
    'Min': '最小',
    'Opt': '最优',
    'Max': '最大',
    '✓ Settings are valid.': '✓ 设置有效。',
    '✗ %1': '✗ %1',
    '%1: layer %2 of %3 — %4': '%1：第 %2 层，共 %3 层 — %4',
    '%1: %n layer(s)': ['%1：%n 层'],
    "'%1' is not a shape; write the dims like 1x3x224x224": '“%1”不是形状；请按 1x3x224x224 的格式填写各维',
    'Kiln engines (*.kiln *.engine *.plan);;All files (*)': 'Kiln 推理引擎 (*.kiln *.engine *.plan);;所有文件 (*)',
    'Engine written to %1': '推理引擎已写入 %1',
    'Cannot Export Engine': '无法导出推理引擎',
    'Build settings (*.json);;All files (*)': '构建设置 (*.json);;所有文件 (*)',
    'Cannot Load Build Settings': '无法加载构建设置',
    'Build settings written to %1 (kiln build --config accepts it)': '构建设置已写入 %1（可用于 kiln build --config）',
    'Cannot Save Build Settings': '无法保存构建设置',
    'Written: %1': '已写入：%1',
    'Cannot Export the Profile': '无法导出性能分析结果',
    'PNG images (*.png)': 'PNG 图像 (*.png)',
    '%1: cannot write the image': '%1：无法写入图像',
    'CSV files (*.csv)': 'CSV 文件 (*.csv)',
    'trtexec profile JSON (*.json)': 'trtexec 性能分析 JSON (*.json)',
    'Keep Layer in FP32': '将层保持为 FP32',
    'Select a layer in the accuracy table first.': '请先在精度表中选择一层。',
    'Added an FP32 override for %1; rebuilding…': '已为 %1 添加 FP32 覆盖；正在重新构建…',
    'JSON files (*.json)': 'JSON 文件 (*.json)',
    'Cannot Export the Comparison': '无法导出对比结果',
    'Kiln Studio workspaces (*.kilnws *.json);;All files (*)': 'Kiln Studio 工作区 (*.kilnws *.json);;所有文件 (*)',
    'Cannot Open Workspace': '无法打开工作区',
    'Kiln Studio workspaces (*.kilnws)': 'Kiln Studio 工作区 (*.kilnws)',
    'Cannot Save Workspace': '无法保存工作区',
    'Engine built: %n layer(s).': ['推理引擎已构建：%n 层。'],
    'Fusion': '融合',
    'Profiler': '性能分析',
    'Accuracy': '精度',
    'Build Panel': '构建面板',
    '&Build': '构建(&B)',
    '&Analyze': '分析(&A)',
    '&Build Engine': '构建推理引擎(&B)',
    '&Cancel Build': '取消构建(&C)',
    '&Export Engine…': '导出推理引擎(&E)…',
    '&Load Build Settings…': '加载构建设置(&L)…',
    '&Save Build Settings…': '保存构建设置(&S)…',
    '&Profile Engine': '分析推理引擎性能(&P)',
    'Export Chart as PNG…': '将图表导出为 PNG…',
    'Export Profile as CSV…': '将性能分析导出为 CSV…',
    'Export Profile as JSON (trtexec)…': '将性能分析导出为 JSON（trtexec 格式）…',
    '&Compare with Reference': '与参考结果对比(&C)',
    '&Keep Layer in FP32 and Rebuild': '将层保持为 FP32 并重新构建(&K)',
    'Export Comparison as JSON…': '将对比结果导出为 JSON…',
    'Open &Workspace…': '打开工作区(&W)…',
    '&Save Workspace…': '保存工作区(&S)…',
    'Workspace written to %1': '工作区已写入 %1',
    '%1: not a workspace file (%2)': '%1：不是工作区文件（%2）',
    '%1: not a Kiln Studio workspace': '%1：不是 Kiln Studio 工作区',
    '%1: written by a newer Kiln Studio (version %2)': '%1：由更新版本的 Kiln Studio 写入（版本 %2）',
    '%1: the model %2 does not exist': '%1：模型 %2 不存在',
    'From ONNX nodes:': '来源 ONNX 节点：',
    'Layer': '层',
    'Tactic': '策略',
    'ONNX nodes': 'ONNX 节点数',
    'Median (ms)': '中位数（毫秒）',
    '%': '%',
    '%1 ms median, %2 % of the run': '中位数 %1 毫秒，占整次推理的 %2 %',
    '%1 ms (share of layer %2), %3 %': '%1 毫秒（层 %2 的分摊），%3 %',
    'There is no profile yet.': '还没有性能分析结果。',
    'Export': '导出',
    'Warm-up:': '预热：',
    'Iterations:': '迭代：',
    'Top N:': '前 N 项：',
    'Heat map on the graphs': '在计算图上显示热力图',
    'Colour graph nodes by time: layers on the optimized graph, and their ONNX source nodes (time shared among them) on the original graph.': '按耗时为节点着色：优化后计算图上按层着色，原始计算图上按其 ONNX 来源节点着色（耗时在来源节点间分摊）。',
    'Top layers': '耗时最多的层',
    'Time by layer type': '按层类型统计耗时',
    'Timeline of one inference': '单次推理时间线',
    'Profiling: %1 warm-up and %2 profiled runs…': '正在分析性能：预热 %1 次，分析 %2 次…',
    'Profiling failed: %1': '性能分析失败：%1',
    'Engine ready. Run the profiler to time every layer.': '推理引擎已就绪。运行性能分析以测量每一层的耗时。',
    'Build an engine first (Build panel), then profile it here.': '请先构建推理引擎（构建面板），然后在此分析其性能。',
    '%n layer(s), %1 profiled runs: %2 ms per inference (sum of layer medians). Each layer is timed on its own, so end-to-end latency is measured separately.': ['%n 层，分析 %1 次：每次推理 %2 毫秒（各层中位数之和）。每层单独计时，因此端到端延迟另行测量。'],
    'No profile yet': '尚无性能分析结果',
    'median ms': '中位数（毫秒）',
    'ms per inference (sum of medians)': '每次推理毫秒数（中位数之和）',
    'ms from the start of the inference (drag and scroll to zoom)': '自推理开始的毫秒数（拖动和滚轮可缩放）',
    'output': '输出',
    'FAIL': '未通过',
    'pass': '通过',
    '#': '#',
    'Output or layer': '输出或层',
    'Max abs error': '最大绝对误差',
    'Max rel error': '最大相对误差',
    'Cosine': '余弦相似度',
    'SNR (dB)': '信噪比（dB）',
    'Result': '结果',
    'over tolerance': '超出容差',
    'over tolerance in layer %1': '在层 %1 中超出容差',
    'atol:': '绝对容差：',
    'rtol:': '相对容差：',
    'An element passes when |engine − reference| ≤ atol + rtol · |reference|.': '当 |引擎 − 参考| ≤ 绝对容差 + 相对容差 · |参考| 时，该元素通过。',
    'Error by depth': '误差随深度变化',
    'Error histogram': '误差直方图',
    'Comparing the engine with the reference at every layer…': '正在逐层对比推理引擎与参考结果…',
    'Comparison failed: %1': '对比失败：%1',
    'Engine ready. Compare it with the unoptimized FP32 reference on seeded random inputs.': '推理引擎已就绪。可在固定种子的随机输入上与未优化的 FP32 参考结果对比。',
    'Build an engine first (Build panel), then compare it here.': '请先构建推理引擎（构建面板），然后在此对比。',
    'PASS: every output and every layer boundary within tolerance.': '通过：所有输出和每个层边界都在容差范围内。',
    'FAIL: %n layer(s) over tolerance.': ['未通过：%n 层超出容差。'],
    'The error first exceeds tolerance at layer %1 (ONNX: %2).': '误差首次超出容差的层是 %1（ONNX：%2）。',
    'Reference %1 ms, engine %2 ms.': '参考 %1 毫秒，推理引擎 %2 毫秒。',
    'No comparison yet': '尚无对比结果',
    'atol %1': '绝对容差 %1',
    'layer (execution order)': '层（执行顺序）',
    'max abs error': '最大绝对误差',
    '|engine − reference| of %1': '%1 的 |引擎 − 参考|',
    'elements': '元素数',
}

EN_PLURALS = {
    "%n node(s)": ["%n node", "%n nodes"],
    "%n byte(s)": ["%n byte", "%n bytes"],
    'Original ONNX graph — %n node(s)': ['Original ONNX graph — %n node', 'Original ONNX graph — %n nodes'],
    'Optimized at level %1 — %n layer(s)': ['Optimized at level %1 — %n layer', 'Optimized at level %1 — %n layers'],
    'Build started: optimization level %1, %n profile(s).': ['Build started: optimization level %1, %n profile.', 'Build started: optimization level %1, %n profiles.'],
    'Built %n layer(s) in %1 ms (%2 → %3 nodes).': ['Built %n layer in %1 ms (%2 → %3 nodes).', 'Built %n layers in %1 ms (%2 → %3 nodes).'],
    'Built: %n layer(s).': ['Built: %n layer.', 'Built: %n layers.'],
    '%1: %n layer(s)': ['%1: %n layer', '%1: %n layers'],
    'Engine built: %n layer(s).': ['Engine built: %n layer.', 'Engine built: %n layers.'],
    '%n layer(s), %1 profiled runs: %2 ms per inference (sum of layer medians). Each layer is timed on its own, so end-to-end latency is measured separately.': ['%n layer, %1 profiled runs: %2 ms per inference (sum of layer medians). Each layer is timed on its own, so end-to-end latency is measured separately.', '%n layers, %1 profiled runs: %2 ms per inference (sum of layer medians). Each layer is timed on its own, so end-to-end latency is measured separately.'],
    'FAIL: %n layer(s) over tolerance.': ['FAIL: %n layer over tolerance.', 'FAIL: %n layers over tolerance.'],
}

MESSAGE = re.compile(r"(<message(?P<attrs>[^>]*)>\s*<source>(?P<source>.*?)</source>.*?)"
                     r"(?P<translation><translation[^>]*?(?:/>|>.*?</translation>))", re.S)


def esc(text):
    return html.escape(text, quote=False)


def fill(path, lookup):
    text = path.read_text(encoding="utf-8")
    missing = []

    def replace(m):
        source = html.unescape(m.group("source"))
        numerus = 'numerus="yes"' in m.group("attrs")
        value = lookup(source, numerus)
        if value is None:
            missing.append(source)
            return m.group(0)
        if numerus:
            forms = value if isinstance(value, list) else [value]
            body = "".join(f"\n            <numerusform>{esc(f)}</numerusform>" for f in forms)
            return m.group(1) + f"<translation>{body}\n        </translation>"
        return m.group(1) + f"<translation>{esc(value)}</translation>"

    text = MESSAGE.sub(replace, text)
    path.write_text(text, encoding="utf-8")
    return missing


def zh(source, numerus):
    return ZH.get(source)


def en(source, numerus):
    if numerus:
        return EN_PLURALS.get(source)
    return source


missing = fill(HERE / "kiln_zh_CN.ts", zh) + fill(HERE / "kiln_en.ts", en)
for m in missing:
    print("no translation for:", repr(m), file=sys.stderr)
sys.exit(1 if missing else 0)
