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
}

EN_PLURALS = {
    "%n node(s)": ["%n node", "%n nodes"],
    "%n byte(s)": ["%n byte", "%n bytes"],
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
