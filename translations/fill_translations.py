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
    # Control-flow bodies (GraphScene, GraphPanel, BodyStack, PropertiesPanel)
    "Open body ▸ %1": "打开子图 ▸ %1",
    "Double-click to open %1; right-click for every body": "双击以打开 %1；右键单击可选择任一子图",
    "main": "主图",
    "◂ Back": "◂ 返回",
    "Back to the enclosing graph (%1)": "返回外层计算图（%1）",
    "Bodies (%1)": "子图（%1）",
    "Double-click to open this body in the graph": "双击以在计算图中打开此子图",
    "Outer-scope values (%1)": "外层作用域的值（%1）",
    "Outer-scope value": "外层作用域的值",
    "read from the enclosing graph": "从外层计算图读取",
    "[outer scope]": "[外层作用域]",
    "Scope": "作用域",
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
    "every node can be imported and run on the CPU": "所有节点均可导入并在 CPU 上运行",
    "%1: imported, cannot run on the CPU: %2": "%1：已导入，但无法在 CPU 上运行：%2",
    "Not imported: Kiln has no importer for this node as it stands": "未导入：Kiln 无法按此节点当前的形式导入它",
    "Imported, but the CPU backend has no kernel that runs it": "已导入，但 CPU 后端没有能运行它的内核",
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
    'Re-optimizes the model at this level; the lower graph updates.': '按此级别重新优化模型；下方计算图随之更新。',
    "One over the other": "上下排列",
    "Show the optimized graph below the original instead of beside it.": "将优化后的计算图显示在原图下方，而非并排显示。",
    "Cannot Restore Workspace Build Settings": "无法恢复工作区的构建设置",
    "The workspace's build settings do not fit this model: %1": "工作区的构建设置与此模型不符：%1",
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
    # FusionView / EngineLayerModel: the engine's layers beside the fusion summary
    'Fusions': '融合',
    'Engine layers (%n)': ['推理引擎层（%n）'],
    'The layers of the engine: where each runs, what it came from, and the %n layer(s) the builder inserted (copies between devices, reformats).':
        ['推理引擎的各层：每层在哪里运行、来自何处，以及构建器插入的 %n 层（设备间复制、格式转换）。'],
    'inserted by the builder': '由构建器插入',
    'Inserted by the builder: no ONNX node stands behind this layer.': '由构建器插入：此层没有对应的 ONNX 节点。',
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
    # INT8 calibration (build panel)
    'Used when INT8 is allowed: per-tensor ranges are computed on this data (or read from the cache) and stored in the engine. The CPU backend still computes in FP32.':
        '允许 INT8 时使用：在这些数据上计算每个张量的动态范围（或从缓存读取），并保存在推理引擎中。CPU 后端仍以 FP32 计算。',
    'Calibrator:': '校准算法：',
    'Entropy (KL divergence)': '熵（KL 散度）',
    'Min-max': '最小-最大值',
    'Percentile': '百分位数',
    'Percentile:': '百分位数：',
    ' %': ' %',
    'Calibration batches:': '校准批次：',
    'all': '全部',
    'Calibration cache:': '校准缓存：',
    'none (calibrate on every build)': '无（每次构建都重新校准）',
    'Calibration Cache File': '校准缓存文件',
    'Calibration caches (*.calib *.cache);;All files (*)': '校准缓存 (*.calib *.cache);;所有文件 (*)',
    'Calibrate': '校准',
    '%1: batch %2 of %3': '%1：第 %2 批，共 %3 批',
    '[%1] batch %2 of %3: %4': '[%1] 第 %2 批（共 %3 批）：%4',
    'Warning: %1': '警告：%1',
    # INT8 dynamic ranges (SummaryPanel, PropertiesPanel)
    'INT8 dynamic ranges (%1, %n tensor(s))': ['INT8 动态范围（%1，%n 个张量）'],
    'INT8 dynamic ranges (%1)': 'INT8 动态范围（%1）',
    'in: %1': '输入：%1',
    'out: %1': '输出：%1',
    'no calibrated tensor': '没有已校准的张量',
    '%1: %n batch(es)': ['%1：%n 批'],
    # Graph grouping (GraphPanel, ScopeTree)
    'Group': '分组',
    'How nodes are grouped into collapsible blocks: %1': '节点分组为可折叠模块的方式：%1',
    'Name scopes': '名称作用域',
    'Repeated structure': '重复结构',
    'None': '无',
    'name scopes': '名称作用域',
    'repeated structure': '重复结构',
    'none': '无',
    'Automatic': '自动',
    'Automatic (%1)': '自动（%1）',
    'Block %1 of %2': '模块 %1，共 %2 个',
    'repeated structure: %1 nodes per block': '重复结构：每个模块 %1 个节点',
    'Disabled': '关闭',
    'Enabled (where weights are 2:4 sparse)': '开启（权重为 2:4 稀疏时）',
    'Forced': '强制',
    'CUDA (not available)': 'CUDA（不可用）',
    'Layer, ONNX node or op type': '层、ONNX 节点或算子类型',
    'Precision': '精度',
    'Add override': '添加覆盖',
    # Per-layer precision table (LayerPrecisionModel, LayerPrecisionView, build panel tabs)
    'Overrides (by name or op type)': '覆盖（按名称或算子类型）',
    'All layers': '所有层',
    '%1 (computed %2 on %3)': '%1（在 %3 上以 %2 计算）',
    'network default': '网络默认',
    'override "%1" by layer': '按层覆盖“%1”',
    'override "%1" by op type': '按算子类型覆盖“%1”',
    'override "%1" by ONNX node': '按 ONNX 节点覆盖“%1”',
    'override "%1" by ONNX op type': '按 ONNX 算子类型覆盖“%1”',
    'A by-layer override for %1 (double-click to change; none removes it). Op-type overrides are edited in the Overrides tab.':
        '%1 的逐层覆盖（双击修改；选“无”即删除）。按算子类型的覆盖在“覆盖”页中编辑。',
    "The precision the next build stores for this node's layer (a fused layer takes the precision of any override matching one of its nodes).":
        '下次构建为此节点所在层保存的精度（融合层采用与其任一节点匹配的覆盖所给的精度）。',
    'The %1 backend has no %2 kernels yet: the layer is stored as %2 (int8 with its calibrated ranges) and computed in %3.':
        '%1 后端尚无 %2 内核：该层按 %2 保存（int8 连同其校准范围），以 %3 计算。',
    'Engine layer %1 (%2), from ONNX nodes: %3': '推理引擎层 %1（%2），来自 ONNX 节点：%3',
    'The precision the last built engine stores for this layer.': '最近构建的推理引擎为该层保存的精度。',
    'The by-layer override of this node (editable)': '此节点的逐层覆盖（可编辑）',
    'What the next build stores, and what the backend computes when that differs': '下次构建保存的精度；若后端实际计算精度不同，一并列出',
    'The network default or the override that decides the precision (the last matching override wins)':
        '决定精度的是网络默认值还是某条覆盖（最后一条匹配的覆盖生效）',
    'After a build: the engine layer this node ended up in': '构建后：此节点所在的推理引擎层',
    "After a build: that layer's precision in the engine": '构建后：该层在推理引擎中的精度',
    'Op type': '算子类型',
    'Override': '覆盖',
    'Resulting precision': '最终精度',
    'Set by': '决定方式',
    'Built precision': '构建后的精度',
    'Filter by layer name or op type': '按层名称或算子类型筛选',
    'Open a model to see the precision of each layer.': '打开模型以查看每一层的精度。',
    '%n layer(s): %1 set by their own override, %2 by an op-type override, the rest at the network default (FP32).':
        ['%n 层：%1 层由其自身的覆盖决定，%2 层由算子类型覆盖决定，其余为网络默认值（FP32）。'],
    '%n layer(s): %1 set by their own override, %2 by an op-type override, the rest at the network default (%3).':
        ['%n 层：%1 层由其自身的覆盖决定，%2 层由算子类型覆盖决定，其余为网络默认值（%3）。'],
    'The last two columns show the built engine.': '最后两列显示已构建的推理引擎。',
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
    'By layer type': '按层类型',
    'Timeline': '时间线',
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
    'NaN / inf': 'NaN / 无穷大',
    "NaN and infinities in the engine's values: %1 NaN, %2 +inf, %3 −inf (reference: %4 NaN, %5 +inf, %6 −inf).": '引擎值中的 NaN 与无穷大：%1 个 NaN，%2 个 +inf，%3 个 −inf（参考：%4 个 NaN，%5 个 +inf，%6 个 −inf）。',
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
    # AccuracyModel/AccuracyView: the norm rule, small values
    'Max norm error': '最大归一化误差',
    'max norm error': '最大归一化误差',
    'max |engine − reference| / max |reference|, computed in %1; the norm rule passes it up to %2.': 'max |引擎 − 参考| / max |参考|，以 %1 计算；归一化规则允许的上限为 %2。',
    'pass, small values': '通过，数值过小',
    'FAIL, small values': '未通过，数值过小',
    'Every |reference| value is at most atol %1 (largest %2): the absolute tolerance passes values this small whatever the engine computed. Judge by cosine and max norm error.': '所有 |参考| 值都不超过绝对容差 %1（最大为 %2）：无论推理引擎算出什么，绝对容差都会让如此小的值通过。请以余弦相似度和最大归一化误差来判断。',
    'The reference values are tiny (largest |reference| %1): the output may carry no signal, and rounding of larger values upstream can dominate its error.': '参考值极小（最大 |参考| 为 %1）：该输出可能不携带有效信号，上游较大数值的舍入误差可能主导其误差。',
    'Relative to magnitude': '相对于数值量级',
    'Elementwise': '逐元素',
    'A tensor passes when max |engine − reference| / max |reference| is within its limit: by default %1 for fp32, %2 for tf32 and fp16, %3 for bf16, %4 for int8, %5 for fp8, following the least exact precision of the layer and the layers before it.': '当 max |引擎 − 参考| / max |参考| 不超过上限时，该张量通过：默认 fp32 为 %1，tf32 和 fp16 为 %2，bf16 为 %3，int8 为 %4，fp8 为 %5，取该层及其之前各层中精度最低者。',
    'An element passes when |engine − reference| ≤ atol + rtol · |reference|. Typing atol or rtol selects this rule.': '当 |引擎 − 参考| ≤ 绝对容差 + 相对容差 · |参考| 时，该元素通过。输入绝对容差或相对容差即选用此规则。',
    'How a tensor passes: relative to its magnitude (the default), or element by element.': '张量的通过方式：相对于其数值量级（默认），或逐元素判断。',
    'max norm:': '最大归一化误差：',
    'per precision': '按精度',
    'A limit typed here applies to every tensor; empty: the per-precision limits.': '此处输入的上限适用于所有张量；留空则按精度使用各自的上限。',
    'Warning: %n row(s) have values too small for the verdict to mean much (marked “small values”); judge them by cosine.': ['警告：%n 行的数值过小，判定结果意义不大（标为“数值过小”）；请以余弦相似度判断。'],
    'Rule: max norm error ≤ %1.': '规则：最大归一化误差 ≤ %1。',
    'Rule: max norm error within the limit of each tensor’s precision.': '规则：最大归一化误差不超过各张量精度对应的上限。',
    'Rule: elementwise, atol %1, rtol %2.': '规则：逐元素，绝对容差 %1，相对容差 %2。',
    'limit %1': '上限 %1',
    # AccuracyModel/AccuracyView: FP16/BF16 emulated on the CPU (kiln compare --emulate, issue 12)
    "FP8 is not emulated yet: it needs a per-tensor scale (the tensor's largest magnitude) for every tensor, which the CPU emulation does not compute.":
        '尚不支持模拟 FP8：它需要为每个张量提供逐张量缩放因子（张量的最大绝对值），而 CPU 模拟不计算该值。',
    'Only FP16 and BF16 rounding can be emulated on the CPU, not %1.': 'CPU 上只能模拟 FP16 和 BF16 的舍入，不能模拟 %1。',
    'An engine file is open: the emulation rounds an engine built here from the ONNX model on the CPU backend. Open the model to preview FP16 or BF16.':
        '当前打开的是推理引擎文件：模拟只对在此由 ONNX 模型以 CPU 后端构建的推理引擎进行舍入。请打开模型以预览 FP16 或 BF16。',
    'The emulation runs on the CPU backend, not %1: choose the CPU backend and build again (on a GPU, build in FP16 or BF16 instead).':
        '模拟在 CPU 后端上运行，而不是 %1：请选择 CPU 后端并重新构建（在 GPU 上请直接以 FP16 或 BF16 构建）。',
    "The precision this row's error is held to: the least exact one its layer and the layers before it computed in (its limit: %1).":
        '此行误差所适用的精度：该层及其之前各层计算所用精度中最低者（上限：%1）。',
    "Preview a GPU build's FP16 or BF16 error on the CPU, as kiln compare --emulate does: the weights, the inputs and every layer's float outputs rounded to that type (to nearest even), FP32 math in between, each layer held to that precision's limit. An estimate, not a GPU run.":
        '在 CPU 上预览 GPU 以 FP16 或 BF16 构建时的误差，与 kiln compare --emulate 相同：权重、输入和每层的浮点输出都舍入到该类型（就近舍入到偶数），其间以 FP32 计算，每层按该精度的上限判定。这只是估计，并非 GPU 运行。',
    'Emulate on the CPU:': '在 CPU 上模拟：',
    'None (FP32)': '无（FP32）',
    'Comparing the engine, %1 emulated on the CPU, with the reference at every layer…': '正在逐层对比推理引擎（在 CPU 上模拟 %1）与参考结果…',
    "%1 emulated on the CPU (weights, inputs and every layer's float outputs rounded to %1, FP32 math in between): an estimate of a GPU %1 build's error, not a GPU run.":
        '在 CPU 上模拟 %1（权重、输入和每层的浮点输出舍入到 %1，其间以 FP32 计算）：这是对 GPU 上 %1 构建误差的估计，并非 GPU 运行。',
    # Engine files (ModelLoader, SummaryPanel, PropertiesPanel, MainWindow)
    '&Open Model or Engine…': '打开模型或推理引擎(&O)…',
    'Open Model or Engine': '打开模型或推理引擎',
    'Models and engines (*.onnx *.engine *.plan *.kiln);;ONNX models (*.onnx);;Kiln engines (*.engine *.plan *.kiln);;All files (*)':
        '模型和推理引擎 (*.onnx *.engine *.plan *.kiln);;ONNX 模型 (*.onnx);;Kiln 推理引擎 (*.engine *.plan *.kiln);;所有文件 (*)',
    'Cannot Open File': '无法打开文件',
    'Ready. Open an ONNX model or a Kiln engine to begin.': '就绪。请打开一个 ONNX 模型或 Kiln 推理引擎开始。',
    '%1: Kiln engine, %2 layers (%3)': '%1：Kiln 推理引擎，%2 层（%3）',
    'Engine': '推理引擎',
    'Backend': '后端',
    'Device': '设备',
    'Architecture': '架构',
    'Format version': '格式版本',
    'Built by': '构建工具',
    'Kiln %1': 'Kiln %1',
    'Layers': '层数',
    '%1 (%2 plugin)': '%1（其中 %2 个插件层）',
    'Optimization level': '优化级别',
    'Allowed precisions': '允许的精度',
    'Tactic time': '策略耗时',
    '%1 ms over %2 timed layers': '%1 毫秒（共 %2 个计时层）',
    'Plugins': '插件',
    'Libraries': '依赖库',
    'Optimization profiles (%1)': '优化配置（%1）',
    'min / opt / max': '最小 / 最优 / 最大',
    'Precisions (%1)': '精度（%1）',
    '%n layer(s)': ['%n 层'],
    'Tactics (%1)': '策略（%1）',
    'Layer types (%1)': '层类型（%1）',
    'Engine layer': '推理引擎层',
    'Kind': '类别',
    '%1 ms': '%1 毫秒',
    'not timed': '未计时',
    'Plugin version': '插件版本',
    # Where an engine layer runs (PropertiesPanel, ProfileModel, LayerPrecisionModel)
    'Format': '格式',
    'Note': '说明',
    'Backend: %1': '后端：%1',
    'Format: %1': '格式：%1',
    # Compare builds (BuildComparisonModel, BuildComparisonView)
    'Build %1 (%2): %3 %4/%5': '构建 %1（%2）：%3 %4/%5',
    'Profiling %1 (%2)…': '正在分析 %1（%2）的性能…',
    'Comparing %1 (%2) with the reference…': '正在将 %1（%2）与参考结果对比…',
    '(no ONNX node)': '（无 ONNX 节点）',
    'ONNX source nodes': 'ONNX 来源节点',
    'Chrome trace JSON (*.json)': 'Chrome 跟踪 JSON (*.json)',
    'Export Profile as Chrome Trace…': '将性能分析导出为 Chrome 跟踪文件…',
    'Needs the ONNX model: an engine file is already optimized.': '需要 ONNX 模型：推理引擎文件已经过优化。',
    'Layers A': 'A 的层',
    'A median (ms)': 'A 中位数（毫秒）',
    'A max error': 'A 最大误差',
    'Layers B': 'B 的层',
    'B median (ms)': 'B 中位数（毫秒）',
    'B max error': 'B 最大误差',
    'Δ ms (B − A)': 'Δ 毫秒（B − A）',
    'Δ %': 'Δ %',
    'There is no build comparison yet.': '还没有构建对比结果。',
    'level %1': '级别 %1',
    '%1, level %2': '%1，级别 %2',
    'Build %1': '构建 %1',
    'Settings:': '设置：',
    'Build panel settings': '构建面板中的设置',
    'Settings file…': '设置文件…',
    'Building and profiling both sides…': '正在构建并分析两侧的性能…',
    'An engine file has no ONNX model to rebuild: open the model to compare builds.':
        '推理引擎文件中没有可重新构建的 ONNX 模型：请打开模型后再对比构建。',
    'Pick the settings of builds A and B, then compare: each is built, profiled and checked against the reference, and layers are matched by the ONNX nodes they cover.':
        '选择构建 A 和 B 的设置后开始对比：两者分别构建、分析性能并与参考结果对比，各层按其覆盖的 ONNX 节点进行匹配。',
    '%n row(s) matched by ONNX provenance; %1 differ between A and B.': ['按 ONNX 来源匹配出 %n 行；其中 %1 行在 A 与 B 之间不同。'],
    "<b>A</b> (%1): %2 layers, %3 ms, output error %4 &nbsp;&nbsp; <b>B</b> (%5): %6 layers, %7 ms, output error %8 &nbsp;&nbsp; <b>Δ</b> <span style='color:%9'>%10 ms (%11 %)</span>":
        "<b>A</b>（%1）：%2 层，%3 毫秒，输出误差 %4 &nbsp;&nbsp; <b>B</b>（%5）：%6 层，%7 毫秒，输出误差 %8 &nbsp;&nbsp; <b>Δ</b> <span style='color:%9'>%10 毫秒（%11 %）</span>",
    'A: %1': 'A：%1',
    'B: %1': 'B：%1',
    'median ms (rows with the most time)': '中位数毫秒（耗时最多的行）',
    'Compare Builds': '构建对比',
    'Compare &Builds': '对比构建(&B)',
    'Build A and B, profile both, compare both with the reference, and match their layers by ONNX provenance':
        '构建 A 和 B，分别分析性能并与参考结果对比，再按 ONNX 来源匹配它们的层',
    'Cannot Compare Builds': '无法对比构建',
    'Cancel Build Comparison': '取消构建对比',
    'Export Build Comparison as CSV…': '将构建对比导出为 CSV…',
    'Cannot Export the Build Comparison': '无法导出构建对比',
    # Engine files compared (issue 15: BuildComparisonModel::runEngines, MainWindow)
    '%1 has input \u201c%2\u201d, %3 has not (its inputs: %4): they come from different models.':
        '%1 有输入\u201c%2\u201d，%3 没有（其输入：%4）：它们来自不同的模型。',
    'Input \u201c%1\u201d is %2 in %3 and %4 in %5: they come from different models.':
        '输入\u201c%1\u201d在 %3 中为 %2，在 %5 中为 %4：它们来自不同的模型。',
    '%1 has output \u201c%2\u201d, %3 has not.': '%1 有输出\u201c%2\u201d，%3 没有。',
    'Reading engine %1 (%2)\u2026': '正在读取推理引擎 %1（%2）\u2026',
    'the model': '模型',
    'engine %1': '推理引擎 %1',
    'level 0 build': '级别 0 构建',
    'Comparing A and B with the reference\u2026': '正在将 A 和 B 与参考结果对比\u2026',
    'Comparing the outputs of B with A\u2026': '正在将 B 的输出与 A 对比\u2026',
    'Compare &Engine Files\u2026': '对比推理引擎文件(&E)\u2026',
    'Profile two engine files on the chosen inputs, compare their outputs and match their layers by ONNX provenance':
        '在所选输入上分析两个推理引擎文件的性能，对比它们的输出，并按 ONNX 来源匹配它们的层',
    'Compare with Engine &File\u2026': '与推理引擎文件对比(&F)\u2026',
    'Build the open model at level 0 with an engine file\'s settings and compare both with the reference on the chosen inputs':
        '以推理引擎文件的设置在级别 0 构建当前模型，并在所选输入上将两者与参考结果对比',
    # Graph export (GraphExport, MainWindow)
    'There is no laid-out graph to export.': '没有已完成布局的计算图可供导出。',
    'Exported by Kiln Studio': '由 Kiln Studio 导出',
    '%1: the image (%2×%3) is too large': '%1：图像（%2×%3）过大',
    'cannot write the image': '无法写入图像',
    'Cannot Export the Graph': '无法导出计算图',
    'SVG images (*.svg)': 'SVG 图像 (*.svg)',
    '&Export': '导出(&E)',
    'Export Graph as SVG…': '将计算图导出为 SVG…',
    'Export Graph as PNG…': '将计算图导出为 PNG…',
    'Export Optimized Graph as SVG…': '将优化后的计算图导出为 SVG…',
    'Export Optimized Graph as PNG…': '将优化后的计算图导出为 PNG…',
    'graph': '计算图',
    'optimized graph (level %1)': '优化后的计算图（级别 %1）',
    # MainWindow: title and Help (issue 15)
    '%1 (engine) \u2014 %2 \u2014 Kiln Studio': '%1（推理引擎）\u2014 %2 \u2014 Kiln Studio',
    '%1[*] \u2014 %2 \u2014 Kiln Studio': '%1[*] \u2014 %2 \u2014 Kiln Studio',
    '&Documentation': '文档(&D)',
    '&Keyboard Shortcuts': '键盘快捷键(&K)',
    'Keyboard Shortcuts': '键盘快捷键',
    '(documentation not found)': '（未找到文档）',
    'Action': '操作',
    'Shortcut': '快捷键',
    # PropertiesPanel: schema defaults (issue 15)
    '%1 (default)': '%1（默认）',
    "Not set by the node: the ONNX schema's default value": '节点未设置：ONNX 算子定义中的默认值',
    # Fusions timed against their unfused nodes (issue 13): engine layers, fusion view, build log
    'kept \u2014 fused %1 ms, unfused %2 ms (%3\u00d7)': '保留 \u2014 融合 %1 ms，未融合 %2 ms（%3\u00d7）',
    'reverted \u2014 fused %1 ms, unfused %2 ms (%3\u00d7)': '已撤销 \u2014 融合 %1 ms，未融合 %2 ms（%3\u00d7）',
    'not compared': '未比较',
    ', from the timing cache': '，来自计时缓存',
    'Fusion kept: the fused layer ran in %1 ms, its %n node(s) unfused in %2 ms.':
        ['融合已保留：融合层耗时 %1 ms，其 %n 个节点未融合时耗时 %2 ms。'],
    'Reverted: its %n node(s) ran in %1 ms, the fused layer in %2 ms.': ['已撤销：其 %n 个节点耗时 %1 ms，融合层耗时 %2 ms。'],
    'Fusion not compared with its unfused nodes.': '该融合未与其未融合的节点比较。',
    'Fusion not compared with its unfused nodes: %1': '该融合未与其未融合的节点比较：%1',
    'Time each fusion against its unfused nodes': '将每个融合与其未融合的节点计时比较',
    'Keeps a fused layer only where it is not slower than the nodes it replaced. Off: every fusion is kept untimed (a faster build).':
        '仅在融合层不慢于其替换的节点时保留它。关闭时：所有融合都不计时直接保留（构建更快）。',
    '(From the timing cache: nothing was timed in this build.)': '（来自计时缓存：本次构建未重新计时。）',
    'Fusion vs unfused': '融合与未融合对比',
    'Fusions timed against their unfused nodes: %1 kept, %2 reverted.': '融合层与其未融合节点的计时对比：保留 %1 个，撤销 %2 个。',
    'Reverted fusions have a dotted purple frame on the optimized graph.': '已撤销的融合在优化后的计算图上以紫色点线框标出。',
    'Fusions timed against their unfused nodes: %1 kept, %2 reverted': '融合层与其未融合节点的计时对比：保留 %1 个，撤销 %2 个',
    ', %1 not compared': '，%1 个未比较',
    ' (%1 decided by the timing cache)': '（%1 个由计时缓存决定）',
    '%1 (%2) \u2014 %3': '%1（%2）\u2014 %3',
    '%1.': '%1。',
    # Prune to 2:4 (PruneDialog, PruneModel, the Analyze menu's action)
    'P&rune to 2:4\u2026': '剪枝为 2:4(&R)\u2026',
    'Magnitude-prune chosen Conv, Gemm and MatMul weights to 2:4 structured sparsity, write a new ONNX model and show the accuracy effect (kiln prune)':
        '按幅值将所选 Conv、Gemm 和 MatMul 权重剪枝为 2:4 结构化稀疏，写出新的 ONNX 模型并显示对精度的影响（kiln prune）',
    'Prune to 2:4': '剪枝为 2:4',
    'no weight input': '没有权重输入',
    "weight '%1' is not an initializer (computed or a graph input)": '权重“%1”不是初始化器（由计算得到或是图输入）',
    "weight '%1' is also a graph input, so a run may replace it": '权重“%1”同时是图输入，运行时可能被替换',
    "weight '%1' is %2, not floating point": '权重“%1”是 %2，不是浮点类型',
    "weight '%1' has rank %2": '权重“%1”的秩为 %2',
    '%1 is not a multiple of 4': '%1 不是 4 的倍数',
    "weight '%1' is read by %2 nodes; pruning it would change them all": '权重“%1”被 %2 个节点读取；剪枝会改变所有这些节点',
    'Pruning and writing the model\u2026': '正在剪枝并写出模型\u2026',
    'Running the original model\u2026': '正在运行原始模型\u2026',
    'Running the pruned model\u2026': '正在运行剪枝后的模型\u2026',
    'Choose the file to write the pruned model to.': '请选择写出剪枝后模型的文件。',
    '%1 is the open model: write the pruned model to another file.': '%1 是当前打开的模型：请将剪枝后的模型写到另一个文件。',
    'Write the Pruned Model To': '剪枝后模型的保存位置',
    'Cancelling\u2026': '正在取消\u2026',
    '%1 \u2192 %2': '%1 \u2192 %2',
    'Reading the weights\u2026': '正在读取权重\u2026',
    'already 2:4': '已是 2:4',
    'Check at least one layer to prune.': '请至少勾选一个要剪枝的层。',
    'Replace File?': '替换文件？',
    '%1 exists. Replace it with the pruned model?': '%1 已存在。要用剪枝后的模型替换它吗？',
    'Cancelled: the pruned model was written to %1, its accuracy was not measured.': '已取消：剪枝后的模型已写入 %1，但未测量其精度。',
    'Cancelled: nothing was written.': '已取消：未写出任何文件。',
    'Pruned %n layer(s) to 2:4 (the 2 largest |w| of every 4 along the reduction dimension) and wrote %1.':
        ['已将 %n 层剪枝为 2:4（沿规约维度每 4 个保留 |w| 最大的 2 个）并写入 %1。'],
    'Accuracy: every output of the pruned model is within tolerance of the original.': '精度：剪枝后模型的每个输出都在原始模型的容差范围内。',
    'Accuracy: %n output(s) of the pruned model outside tolerance of the original. Informative: pruning without fine-tuning changes the outputs.':
        ['精度：剪枝后模型有 %n 个输出超出原始模型的容差。仅供参考：未经微调的剪枝会改变输出。'],
    'Rule: max norm error \u2264 %1 (fp32).': '规则：最大归一化误差 \u2264 %1（fp32）。',
    'Both models ran in FP32 on the CPU reference on the same seeded random inputs.':
        '两个模型都在 CPU 参考执行器上以 FP32 运行，输入为相同的固定种子随机数据。',
    '%1: %n layer(s) with a weight (Conv, Gemm, MatMul), %2 eligible for 2:4 along the reduction dimension, %3 already 2:4; %4 checked.':
        ['%1：%n 个带权重的层（Conv、Gemm、MatMul），其中 %2 个可沿规约维度剪枝为 2:4，%3 个已是 2:4；已勾选 %4 个。'],
    'Pruning failed: %1': '剪枝失败：%1',
    "Cannot read the model's weights: %1": '无法读取模型的权重：%1',
    'Op': '算子',
    'Weight': '权重',
    'Grouped along': '分组维度',
    '2:4 groups': '2:4 分组',
    'Zeros': '零值',
    'Check All Prunable': '勾选所有可剪枝层',
    'Uncheck All': '全部取消勾选',
    'Write to:': '写入：',
    'Browse\u2026': '浏览\u2026',
    '&Prune': '剪枝(&P)',
    '&Open Pruned Model': '打开剪枝后的模型(&O)',
    # Pass names (widgets/library_text.cpp) whose translations were only in the .ts files
    'Absorb reshapes and transposes into attention': '将重排与转置吸收进注意力',
    'Attention layout': '注意力布局',
    # RunInputs: which inputs a profile or accuracy run used
    "The shape names '%1', which is not an input of the model.": "形状中指定的“%1”不是模型的输入。",
    "seeded random (seed %1)": "带种子的随机数据（种子 %1）",
    "files %1": "文件 %1",
    "%1, the other inputs seeded random (seed %2)": "%1，其余输入为带种子的随机数据（种子 %2）",
    "Input: %1, shape %2": "输入：%1，形状 %2",
    'No test data set is chosen.': '尚未选择测试数据集。',
    '%1 holds no test data set.': '%1 中没有测试数据集。',
    'No input files are chosen.': '尚未选择输入文件。',
    "Input '%1' has shape %2, outside the engine's optimization profile (min %3, max %4).":
        '输入“%1”的形状为 %2，超出了推理引擎的优化配置（最小 %3，最大 %4）。',
    # Run input chooser (profiler and accuracy view) and the profiler's two numbers
    'Engine ready. Compare it with the unoptimized FP32 reference on the inputs chosen above.':
        '推理引擎已就绪。可在上方所选的输入上与未优化的 FP32 参考结果对比。',
    'Profiling: %1 warm-up runs, %2 end-to-end runs, then %2 profiled runs\u2026':
        '正在分析：预热 %1 次，端到端运行 %2 次，然后逐层分析 %2 次\u2026',
    'End to end (median of %1 runs): %2 ms': '端到端（%1 次运行的中位数）：%2 毫秒',
    'Sum of layer medians: %1 ms (each layer timed alone)': '各层中位数之和：%1 毫秒（每层单独计时）',
    '%n layer(s), %1 profiled runs': ['%n 层，分析 %1 次'],
    'Inputs:': '输入：',
    'Seeded random': '带种子的随机数据',
    'Test data set': '测试数据集',
    'Files': '文件',
    "What the profiler and the accuracy comparison run on: seeded random data at a shape within the engine's profile, a test_data_set_* folder next to the model, or .npy/.pb files.":
        '性能分析与精度对比所用的输入：在推理引擎优化配置范围内某一形状上的带种子随机数据、模型旁的 test_data_set_* 文件夹，或 .npy/.pb 文件。',
    'Seed:': '种子：',
    'Choose\u2026': '选择\u2026',
    'Choose .npy or .pb files, one per input (a file named after an input feeds it).':
        '选择 .npy 或 .pb 文件，每个输入一个（以输入名命名的文件对应该输入）。',
    'The test_data_set_* folders next to the model.': '模型旁的 test_data_set_* 文件夹。',
    'none next to the model': '模型旁没有',
    'no files chosen': '未选择文件',
    "The shape '%1' for input '%2' is not dims like %3.": '输入“%2”的形状“%1”不是形如 %3 的维度。',
    "%1 is outside the engine's profile for %2 (min %3, max %4).": '%1 超出了推理引擎对 %2 的优化配置（最小 %3，最大 %4）。',
    "Shape of %1 for seeded random data, between %2 and %3 (the engine's profile); empty: %4.":
        '%1 的带种子随机数据的形状，介于 %2 与 %3 之间（推理引擎的优化配置）；留空则为 %4。',
    'Choose Input Files': '选择输入文件',
    'Tensors (*.npy *.pb);;All files (*)': '张量 (*.npy *.pb);;所有文件 (*)',
    # BuildComparisonModel: each build's inputs when their profiles made them differ
    'A: %1; B: %2': 'A：%1；B：%2',
    # Accuracy view: expected values from a test data set's stored outputs (output_K.pb)
    'Stored outputs come with a test data set: choose \u201cTest data set\u201d as the input, or compare with the reference run.':
        '存储的输出随测试数据集提供：请选择\u201c测试数据集\u201d作为输入，或与参考运行对比。',
    '%1 has no stored outputs (no output_0.pb, output_1.pb, \u2026 next to its inputs): compare with the reference run.':
        '%1 没有存储的输出（其输入旁没有 output_0.pb、output_1.pb、\u2026）：请与参考运行对比。',
    "Output \u201c%1\u201d does not match %2: its element type (dtype field) is %3, the file's %4.":
        '输出\u201c%1\u201d与 %2 不匹配：其元素类型（dtype 字段）为 %3，文件中为 %4。',
    "Output \u201c%1\u201d does not match %2: its shape (dims field) is %3, the file's %4.":
        '输出\u201c%1\u201d与 %2 不匹配：其形状（dims 字段）为 %3，文件中为 %4。',
    'Output \u201c%1\u201d against %2: max abs error %3, max norm error %4 (limit %5): %6.':
        '输出\u201c%1\u201d对比 %2：最大绝对误差 %3，最大归一化误差 %4（上限 %5）：%6。',
    'Compared with the stored output %1 of %2, as kiln run --test-data compares it.':
        '与 %2 中存储的输出 %1 对比，方式与 kiln run --test-data 相同。',
    'max |engine \u2212 stored| / max |stored| (%1), computed in %2; the norm rule passes it up to %3.':
        'max |引擎 \u2212 存储| / max |存储|（%1），以 %2 计算；归一化规则允许的上限为 %3。',
    'Expected:': '期望值：',
    'Reference run': '参考运行',
    'The unoptimized FP32 model on the CPU, run on the same inputs.': '未优化的 FP32 模型，在 CPU 上以相同输入运行。',
    'Stored outputs of the test data set': '测试数据集中存储的输出',
    'Stored outputs of %1': '%1 中存储的输出',
    "Compare the engine's outputs with the outputs stored in the test data set chosen as the input (output_0.pb, \u2026), under the same rule as kiln run --test-data; the layer boundaries are still compared with the reference run.":
        '将推理引擎的输出与作为输入所选测试数据集中存储的输出（output_0.pb、\u2026）对比，规则与 kiln run --test-data 相同；各层边界仍与参考运行对比。',
    "What the engine's outputs are compared with.": '推理引擎的输出与什么对比。',
    'Expected stored outputs: %1': '期望值为存储的输出：%1',
    'FAIL: output %1 does not match the stored outputs of %2.': '未通过：输出 %1 与 %2 中存储的输出不符。',
    '%n layer(s) over tolerance against the reference run.': ['与参考运行相比，%n 层超出容差。'],
    "Expected: stored outputs of %1 for the model's outputs; the layer boundaries against the reference run.":
        '期望值：模型输出对比 %1 中存储的输出；各层边界对比参考运行。',
    '|engine \u2212 stored| of %1 (%2)': '%1 的 |引擎 \u2212 存储|（%2）',
    "%1: its name field says \u201c%2\u201d, but it is compared with output \u201c%3\u201d (the files' names do not all match the model's outputs, so they are taken in order).":
        '%1：其 name 字段为\u201c%2\u201d，但它与输出\u201c%3\u201d对比（这些文件的名称与模型的输出不完全一致，因此按顺序对应）。',
    # Workspaces: the input choice restored, or what of it is gone
    'Workspace Inputs': '工作区的输入',
    "The workspace's test data set %1 is not there any more: the inputs are seeded random data (seed %2).":
        '工作区的测试数据集 %1 已不存在：输入改为带种子的随机数据（种子 %2）。',
    "The workspace's input file %1 is not there any more: the inputs are seeded random data (seed %2).":
        '工作区的输入文件 %1 已不存在：输入改为带种子的随机数据（种子 %2）。',
    "The workspace's shape for input \u201c%1\u201d is not used: the model has no such input.":
        '工作区中输入\u201c%1\u201d的形状未被使用：模型没有该输入。',
    # Find layers to keep in FP32 (PrecisionDebugModel, PrecisionDebugPanel, AccuracyView, Workbench)
    'The tolerance is out of reach: even with every layer in FP32 the outputs miss it (max norm %1 on \u201c%2\u201d, limit %3). Loosen the max norm above and search again.':
        '容差无法达到：即使所有层都保持 FP32，输出仍超出容差（\u201c%2\u201d的最大归一化误差为 %1，上限 %3）。请放宽上方的最大归一化误差后重新搜索。',
    'There is no search result to save.': '没有可保存的搜索结果。',
    'every layer in %1': '所有层为 %1',
    'every candidate layer in FP32': '所有候选层为 FP32',
    'the top %n layer(s) of the ranking in FP32': ['排名前 %n 的层为 FP32'],
    'layer %1 back in %2, the other pins kept': '层 %1 改回 %2，其余固定保持不变',
    '%1. %2: %3, max norm %4 on \u201c%5\u201d': '%1. %2：%3，\u201c%5\u201d的最大归一化误差为 %4',
    'Running the reference and building the engine\u2026': '正在运行参考并构建推理引擎\u2026',
    'Trial %1: %2\u2026': '第 %1 次试验：%2\u2026',
    'Trial %1 of at most %2: %3\u2026': '第 %1 次试验（最多 %2 次）：%3\u2026',
    'Open an ONNX model first.': '请先打开一个 ONNX 模型。',
    'An engine file is open: the search builds engines from the ONNX model. Open the model instead.':
        '当前打开的是推理引擎文件：搜索需要从 ONNX 模型构建推理引擎。请改为打开该模型。',
    'A search is running.': '搜索正在进行。',
    'The build settings are not valid: %1': '构建设置无效：%1',
    'Choose FP16 or BF16 under \u201cEmulate on the CPU\u201d (or allow one in the build settings): the search needs the precision to keep layers out of.':
        '请在\u201c在 CPU 上模拟\u201d中选择 FP16 或 BF16（或在构建设置中允许其中之一）：搜索需要知道要让哪些层避开的精度。',
    'Applied: %n FP32 override(s) in the build settings.': ['已应用：构建设置中加入了 %n 个 FP32 覆盖。'],
    'Rebuilding and comparing again\u2026': '正在重新构建并再次对比\u2026',
    'Save Overrides': '保存覆盖',
    'Written: %1 (kiln build --config reads it).': '已写入：%1（kiln build --config 可读取）。',
    'Cannot write the overrides: %1': '无法写入覆盖：%1',
    'Layer to keep in FP32': '需保持为 FP32 的层',
    'ONNX node names': 'ONNX 节点名称',
    'Own error': '自身误差',
    "The layer's worst output max norm minus the worst of its inputs' in the run with every layer in the reduced precision: the error the layer adds itself (Inf where it makes the first NaN or Inf).":
        '在所有层均为低精度的运行中，该层输出的最大归一化误差减去其输入的最大归一化误差：即该层自身引入的误差（首次产生 NaN 或 Inf 的层为 Inf）。',
    'Stop the search before its next trial.': '在下一次试验前停止搜索。',
    'Apply': '应用',
    'Put these FP32 overrides into the build settings, replacing overrides of the same ONNX nodes and keeping the others. A comparison shown above is rebuilt and run again.':
        '将这些 FP32 覆盖加入构建设置：替换同一 ONNX 节点的覆盖，保留其他覆盖。若上方显示了对比结果，则重新构建并再次对比。',
    'Save Overrides\u2026': '保存覆盖\u2026',
    "Write the build settings with these overrides to a file that kiln build --config and Kiln Studio's Load Build Settings read (as kiln debug-precision --save-overrides).":
        '将带有这些覆盖的构建设置写入文件，kiln build --config 和 Kiln Studio 的\u201c加载构建设置\u201d均可读取（与 kiln debug-precision --save-overrides 相同）。',
    'Drop this search result.': '丢弃此搜索结果。',
    '%1 rounding emulated on the CPU': '在 CPU 上模拟 %1 舍入',
    'one %1 build on %2 per trial': '每次试验在 %2 上构建一次 %1 推理引擎',
    "Finding the layers to keep in FP32 so that the %1 engine's outputs stay within max norm %2 (%3).":
        '正在查找需保持为 FP32 的层，使 %1 推理引擎的输出的最大归一化误差不超过 %2（%3）。',
    'Search failed: %1': '搜索失败：%1',
    'Search cancelled after %n trial(s); nothing was applied.': ['搜索在 %n 次试验后已取消；未应用任何内容。'],
    'The whole engine passes in %1 as is: no layer needs FP32 (max norm %2, limit %3).':
        '整个推理引擎以 %1 原样即可通过：没有层需要 FP32（最大归一化误差 %2，上限 %3）。',
    'Keep %n layer(s) in FP32, the rest in %1: max norm %2, limit %3.':
        ['将 %n 个层保持为 FP32，其余为 %1：最大归一化误差 %2，上限 %3。'],
    '%n ONNX node(s) to override, listed below.': ['需覆盖的 ONNX 节点共 %n 个，列于下方。'],
    'Trials: %1 of at most %2 (%3 candidate layers); builds: %4.': '试验：%1 次（最多 %2 次，%3 个候选层）；构建：%4 次。',
    'An estimate from %1 rounding emulated on the CPU, not a GPU run: on a GPU, build in %1 with these overrides and compare again.':
        '这是在 CPU 上模拟 %1 舍入得出的估计，并非 GPU 运行结果：在 GPU 上请用这些覆盖以 %1 构建后再次对比。',
    'No layer pinned to FP32.': '没有层被固定为 FP32。',
    'Pinned to FP32: %1': '固定为 FP32：%1',
    'Output max norm %1 minus input max norm %2, every layer in %3.': '输出最大归一化误差 %1 减去输入最大归一化误差 %2（所有层为 %3）。',
    'Find Layers to Keep in FP32': '查找需保持为 FP32 的层',
    'the max norm typed here (%1)': '此处输入的最大归一化误差（%1）',
    "%1's default limit (max norm %2)": '%1 的默认上限（最大归一化误差 %2）',
    "Search for a small set of layers to keep in FP32 so that the %1 engine's outputs meet %2, as kiln debug-precision does: the whole engine in %1 first, then the layers ranked by their own error, a binary search over that ranking and a pass removing pins that are not needed. It builds from the build settings and runs on the chosen inputs; the layers are named by their ONNX nodes.":
        '查找一小组需保持为 FP32 的层，使 %1 推理引擎的输出满足%2，与 kiln debug-precision 相同：先将整个推理引擎设为 %1，再按各层自身误差排名，在排名上二分搜索，最后去掉不需要的固定。它按构建设置构建，并在所选的输入上运行；各层以其 ONNX 节点命名。',
}

# The library's sentences and names live in their own tables: the message catalogue by id
# (widgets/library_messages.cpp) and the free-text patterns (widgets/library_text.cpp).
sys.path.insert(0, str(HERE))
from zh_library_messages import ZH_MESSAGES  # noqa: E402
from zh_library_text import ZH_LIBRARY  # noqa: E402
for _table in (ZH_MESSAGES, ZH_LIBRARY):
    for _source, _text in _table.items():
        ZH.setdefault(_source, _text)

EN_PLURALS = {
    'the top %n layer(s) of the ranking in FP32':
        ['the top %n layer of the ranking in FP32', 'the top %n layers of the ranking in FP32'],
    'Applied: %n FP32 override(s) in the build settings.':
        ['Applied: %n FP32 override in the build settings.', 'Applied: %n FP32 overrides in the build settings.'],
    'Search cancelled after %n trial(s); nothing was applied.':
        ['Search cancelled after %n trial; nothing was applied.', 'Search cancelled after %n trials; nothing was applied.'],
    'Keep %n layer(s) in FP32, the rest in %1: max norm %2, limit %3.':
        ['Keep %n layer in FP32, the rest in %1: max norm %2, limit %3.',
         'Keep %n layers in FP32, the rest in %1: max norm %2, limit %3.'],
    '%n ONNX node(s) to override, listed below.':
        ['%n ONNX node to override, listed below.', '%n ONNX nodes to override, listed below.'],
    'Fusion kept: the fused layer ran in %1 ms, its %n node(s) unfused in %2 ms.':
        ['Fusion kept: the fused layer ran in %1 ms, its %n node unfused in %2 ms.',
         'Fusion kept: the fused layer ran in %1 ms, its %n nodes unfused in %2 ms.'],
    'Reverted: its %n node(s) ran in %1 ms, the fused layer in %2 ms.':
        ['Reverted: its %n node ran in %1 ms, the fused layer in %2 ms.',
         'Reverted: its %n nodes ran in %1 ms, the fused layer in %2 ms.'],
    "%n node(s)": ["%n node", "%n nodes"],
    "%n byte(s)": ["%n byte", "%n bytes"],
    'Original ONNX graph — %n node(s)': ['Original ONNX graph — %n node', 'Original ONNX graph — %n nodes'],
    'Optimized at level %1 — %n layer(s)': ['Optimized at level %1 — %n layer', 'Optimized at level %1 — %n layers'],
    'Build started: optimization level %1, %n profile(s).': ['Build started: optimization level %1, %n profile.', 'Build started: optimization level %1, %n profiles.'],
    'Built %n layer(s) in %1 ms (%2 → %3 nodes).': ['Built %n layer in %1 ms (%2 → %3 nodes).', 'Built %n layers in %1 ms (%2 → %3 nodes).'],
    'Built: %n layer(s).': ['Built: %n layer.', 'Built: %n layers.'],
    '%1: %n layer(s)': ['%1: %n layer', '%1: %n layers'],
    '%1: %n batch(es)': ['%1: %n batch', '%1: %n batches'],
    'Engine built: %n layer(s).': ['Engine built: %n layer.', 'Engine built: %n layers.'],
    '%n layer(s), %1 profiled runs: %2 ms per inference (sum of layer medians). Each layer is timed on its own, so end-to-end latency is measured separately.': ['%n layer, %1 profiled runs: %2 ms per inference (sum of layer medians). Each layer is timed on its own, so end-to-end latency is measured separately.', '%n layers, %1 profiled runs: %2 ms per inference (sum of layer medians). Each layer is timed on its own, so end-to-end latency is measured separately.'],
    '%n layer(s), %1 profiled runs': ['%n layer, %1 profiled runs', '%n layers, %1 profiled runs'],
    'FAIL: %n layer(s) over tolerance.': ['FAIL: %n layer over tolerance.', 'FAIL: %n layers over tolerance.'],
    'Warning: %n row(s) have values too small for the verdict to mean much (marked “small values”); judge them by cosine.': ['Warning: %n row has values too small for the verdict to mean much (marked “small values”); judge it by cosine.', 'Warning: %n rows have values too small for the verdict to mean much (marked “small values”); judge them by cosine.'],
    '%n layer(s)': ['%n layer', '%n layers'],
    'Engine layers (%n)': ['Engine layers (%n)', 'Engine layers (%n)'],
    'The layers of the engine: where each runs, what it came from, and the %n layer(s) the builder inserted (copies between devices, reformats).': ['The layers of the engine: where each runs, what it came from, and the %n layer the builder inserted (copies between devices, reformats).', 'The layers of the engine: where each runs, what it came from, and the %n layers the builder inserted (copies between devices, reformats).'],
    '%n layer(s): %1 set by their own override, %2 by an op-type override, the rest at the network default (FP32).': ['%n layer: %1 set by its own override, %2 by an op-type override, the rest at the network default (FP32).', '%n layers: %1 set by their own override, %2 by an op-type override, the rest at the network default (FP32).'],
    '%n layer(s): %1 set by their own override, %2 by an op-type override, the rest at the network default (%3).': ['%n layer: %1 set by its own override, %2 by an op-type override, the rest at the network default (%3).', '%n layers: %1 set by their own override, %2 by an op-type override, the rest at the network default (%3).'],
    'INT8 dynamic ranges (%1, %n tensor(s))': ['INT8 dynamic ranges (%1, %n tensor)', 'INT8 dynamic ranges (%1, %n tensors)'],
    '%n row(s) matched by ONNX provenance; %1 differ between A and B.': ['%n row matched by ONNX provenance; %1 differ between A and B.', '%n rows matched by ONNX provenance; %1 differ between A and B.'],
    'Pruned %n layer(s) to 2:4 (the 2 largest |w| of every 4 along the reduction dimension) and wrote %1.':
        ['Pruned %n layer to 2:4 (the 2 largest |w| of every 4 along the reduction dimension) and wrote %1.',
         'Pruned %n layers to 2:4 (the 2 largest |w| of every 4 along the reduction dimension) and wrote %1.'],
    'Accuracy: %n output(s) of the pruned model outside tolerance of the original. Informative: pruning without fine-tuning changes the outputs.':
        ['Accuracy: %n output of the pruned model outside tolerance of the original. Informative: pruning without fine-tuning changes the outputs.',
         'Accuracy: %n outputs of the pruned model outside tolerance of the original. Informative: pruning without fine-tuning changes the outputs.'],
    '%n layer(s) over tolerance against the reference run.':
        ['%n layer over tolerance against the reference run.', '%n layers over tolerance against the reference run.'],
    '%1: %n layer(s) with a weight (Conv, Gemm, MatMul), %2 eligible for 2:4 along the reduction dimension, %3 already 2:4; %4 checked.':
        ['%1: %n layer with a weight (Conv, Gemm, MatMul), %2 eligible for 2:4 along the reduction dimension, %3 already 2:4; %4 checked.',
         '%1: %n layers with a weight (Conv, Gemm, MatMul), %2 eligible for 2:4 along the reduction dimension, %3 already 2:4; %4 checked.'],
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
