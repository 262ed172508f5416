#!/usr/bin/env python3
"""Exports a zoo of models Kiln was not tuned on, with ONNX Runtime reference outputs.

Each model becomes a folder ZOO/NAME/ with model.onnx and test_data_set_0/{input_N,output_N}.pb,
the layout `kiln run --test-data`, `kiln compare` and tools/bench_vs_ort.py read, plus
ZOO/index.json and ZOO/README.md (model, family, exporter, opset, node count, ops). The zoo lives
outside git (default ../zoo next to the checkout; --small writes ../zoo_small).

The set covers CNNs (ResNet, MobileNetV2/V3, EfficientNet, ConvNeXt, RegNet, ShuffleNet, DenseNet,
SqueezeNet, MNASNet), vision transformers (torchvision ViT, a DeiT-tiny-like ViT, HuggingFace DeiT,
Swin), NLP encoders and decoders (BERT with an attention mask, DistilBERT, GPT-2 with its causal
mask, T5 encoder) and dense-prediction heads (RetinaNet-style FPN head, LR-ASPP segmentation),
exported by both PyTorch exporters: the TorchScript one (dynamo=False) at opsets 11 to 17 and the
dynamo one at opset 18. --small builds the same architectures at CI size (widths 8-64, one or two
blocks per stage, 32-64 pixel images, hidden 32 and 2 layers for the transformers).

Weights are random with fixed seeds, but chosen so the outputs mean something: deep random CNNs
shrink or blow up their logits and torchvision zero-initialises some heads (ViT's classifier,
ConvNeXt's layer scale is 1e-6), so CNNs are re-initialised (kaiming for convolutions and linears,
BatchNorm running statistics from a few forward passes in training mode), zeroed layers get
random weights, and each model's final layers are rescaled so every output has a standard
deviation of about 1. An export whose max|output| is outside [1e-2, 1e3], or whose outputs have
no spread, is refused: a check against such outputs would pass whatever the engine computes.

Needs torch, torchvision, transformers, onnx, onnxruntime (and onnxscript for the dynamo exporter);
test tooling only. Usage:
    python3 tools/make_zoo.py [--out DIR] [--small] [--only NAME[,NAME...]] [--list] [names...]
"""
import argparse
import json
import os
import sys
import time
from collections import Counter

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))

# --- model constructors --------------------------------------------------------------------------
# Each returns (module, example inputs, input names, output names, heads): heads is a list (one per
# output) of the final layers to rescale, or None where the output is already normalised.


def _image(size, batch=1):
    import torch

    return torch.randn(batch, 3, size, size)


def tv_classifier(arch, small_ctor, size_full=224, size_small=32):
    def make(small):
        import torchvision.models as tvm

        model = small_ctor() if small else getattr(tvm, arch)()
        return model, (_image(size_small if small else size_full),), ["input"], ["logits"], None

    return make


def small_resnet(block):
    # torchvision's ResNet hard-codes 64..512 channels; this is the same block structure at 8..32.
    import torch.nn as nn
    from torchvision.models.resnet import ResNet

    class TinyResNet(ResNet):
        def __init__(self):
            super().__init__(block, [1, 1, 1, 1], num_classes=10)
            self.inplanes = 8
            self.conv1 = nn.Conv2d(3, 8, 7, 2, 3, bias=False)
            self.bn1 = nn.BatchNorm2d(8)
            self.layer1 = self._make_layer(block, 8, 1)
            self.layer2 = self._make_layer(block, 16, 1, stride=2)
            self.layer3 = self._make_layer(block, 16, 1, stride=2)
            self.layer4 = self._make_layer(block, 32, 1, stride=2)
            self.fc = nn.Linear(32 * block.expansion, 10)

    return TinyResNet()


def small_mobilenet_v2():
    from torchvision.models import MobileNetV2

    m = MobileNetV2(num_classes=10, inverted_residual_setting=[[1, 8, 1, 1], [6, 16, 2, 2], [6, 24, 1, 2]])
    # last_channel is fixed at 1280 in torchvision; shrink the final 1x1 conv and classifier.
    import torch.nn as nn
    from torchvision.ops.misc import Conv2dNormActivation

    m.features[-1] = Conv2dNormActivation(24, 64, kernel_size=1, norm_layer=nn.BatchNorm2d, activation_layer=nn.ReLU6)
    m.classifier[-1] = nn.Linear(64, 10)
    return m


def small_mobilenet_v3(large):
    from torchvision.models.mobilenetv3 import InvertedResidualConfig as C, MobileNetV3

    if large:
        cfg = [C(8, 3, 8, 8, False, "RE", 1, 1, 1), C(8, 3, 24, 16, False, "RE", 2, 1, 1),
               C(16, 5, 32, 16, True, "RE", 2, 1, 1), C(16, 3, 48, 24, False, "HS", 2, 1, 1),
               C(24, 3, 64, 24, True, "HS", 1, 1, 1)]
    else:
        cfg = [C(8, 3, 8, 8, True, "RE", 2, 1, 1), C(8, 3, 24, 16, False, "RE", 2, 1, 1),
               C(16, 5, 48, 16, True, "HS", 2, 1, 1), C(16, 5, 48, 24, True, "HS", 1, 1, 1)]
    return MobileNetV3(cfg, last_channel=64, num_classes=10)


def small_efficientnet():
    from torchvision.models.efficientnet import EfficientNet, MBConvConfig as C

    cfg = [C(1, 3, 1, 8, 8, 1), C(4, 3, 2, 8, 16, 1), C(4, 5, 2, 16, 24, 2)]
    return EfficientNet(cfg, dropout=0.2, last_channel=64, num_classes=10)


def small_convnext():
    from torchvision.models.convnext import CNBlockConfig as C, ConvNeXt

    return ConvNeXt([C(16, 32, 1), C(32, None, 2)], num_classes=10)


def small_regnet():
    from torchvision.models.regnet import BlockParams, RegNet

    params = BlockParams.from_init_params(depth=4, w_0=8, w_a=8.0, w_m=2.0, group_width=8, se_ratio=0.25)
    return RegNet(params, num_classes=10, stem_width=8)


def small_shufflenet():
    from torchvision.models import ShuffleNetV2

    return ShuffleNetV2([1, 1, 1], [8, 16, 32, 48, 64], num_classes=10)


def small_densenet():
    from torchvision.models import DenseNet

    return DenseNet(growth_rate=8, block_config=(2, 2), num_init_features=16, bn_size=2, num_classes=10)


def small_mnasnet():
    from torchvision.models import MNASNet

    return MNASNet(0.25, num_classes=10)


def small_squeezenet():
    import torch.nn as nn
    from torchvision.models.squeezenet import Fire

    class TinySqueezeNet(nn.Module):
        def __init__(self):
            super().__init__()
            self.features = nn.Sequential(nn.Conv2d(3, 16, 3, 2), nn.ReLU(inplace=True),
                                          nn.MaxPool2d(3, 2, ceil_mode=True), Fire(16, 8, 16, 16),
                                          nn.MaxPool2d(3, 2, ceil_mode=True), Fire(32, 8, 24, 24))
            self.classifier = nn.Sequential(nn.Dropout(0.5), nn.Conv2d(48, 10, 1), nn.ReLU(inplace=True),
                                            nn.AdaptiveAvgPool2d(1))

        def forward(self, x):
            return self.classifier(self.features(x)).flatten(1)

    return TinySqueezeNet()


def tv_vit(variant):
    def make(small):
        import torch
        from torchvision.models import VisionTransformer, vit_b_16

        torch.backends.mha.set_fastpath_enabled(False)  # the fused fast path has no ONNX export
        if small:
            model = VisionTransformer(image_size=32, patch_size=8, num_layers=2, num_heads=2, hidden_dim=32,
                                      mlp_dim=64, num_classes=10)
            size = 32
        elif variant == "deit_tiny":  # DeiT-Ti's shape: 12 layers, 3 heads, hidden 192
            model = VisionTransformer(image_size=224, patch_size=16, num_layers=12, num_heads=3, hidden_dim=192,
                                      mlp_dim=768, num_classes=1000)
            size = 224
        else:
            model, size = vit_b_16(), 224
        return model, (_image(size),), ["input"], ["logits"], None

    return make


def tv_swin(small):
    from torchvision.models import SwinTransformer, swin_t

    if small:
        model = SwinTransformer(patch_size=[4, 4], embed_dim=16, depths=[1, 1], num_heads=[1, 2], window_size=[4, 4],
                                num_classes=10)
        return model, (_image(32),), ["input"], ["logits"], None
    return swin_t(), (_image(224),), ["input"], ["logits"], None


def hf_deit(small):
    from transformers import DeiTConfig, DeiTForImageClassification

    if small:
        cfg = DeiTConfig(image_size=32, patch_size=8, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                         intermediate_size=64, num_labels=10)
    else:
        cfg = DeiTConfig(image_size=224, patch_size=16, hidden_size=192, num_hidden_layers=12, num_attention_heads=3,
                         intermediate_size=768, num_labels=1000)
    cfg.attn_implementation = "eager"
    model = DeiTForImageClassification(cfg)

    class Logits(_Wrap):
        def forward(self, x):
            return self.inner(pixel_values=x).logits

    return Logits(model), (_image(cfg.image_size),), ["pixel_values"], ["logits"], None


def _wrap_base():
    import torch.nn as nn

    class Wrap(nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

    return Wrap


class _LazyWrap:
    """Defers the torch import of the wrapper base class until a model is built."""

    def __mro_entries__(self, bases):
        return (_wrap_base(),)


_Wrap = _LazyWrap()


def _tokens(vocab, seq, pad):
    """Token ids (batch 1) and an attention mask whose last `pad` positions are padding."""
    import torch

    ids = torch.randint(1, vocab, (1, seq), dtype=torch.int64)
    mask = torch.ones(1, seq, dtype=torch.int64)
    if pad:
        mask[:, seq - pad:] = 0
    return ids, mask


def hf_encoder(kind, attn="sdpa"):
    def make(small):
        import transformers as tf

        if kind == "bert":
            cfg = (tf.BertConfig(vocab_size=100, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                                 intermediate_size=64, max_position_embeddings=64) if small else tf.BertConfig())
            cls = tf.BertModel
        elif kind == "distilbert":
            cfg = (tf.DistilBertConfig(vocab_size=100, dim=32, n_layers=2, n_heads=2, hidden_dim=64,
                                       max_position_embeddings=64) if small else tf.DistilBertConfig())
            cls = tf.DistilBertModel
        else:  # t5 encoder
            cfg = (tf.T5Config(vocab_size=100, d_model=32, d_kv=16, d_ff=64, num_layers=2, num_heads=2)
                   if small else tf.T5Config.from_dict(dict(d_model=512, d_kv=64, d_ff=2048, num_layers=6,
                                                            num_heads=8, vocab_size=32128)))
            cls = tf.T5EncoderModel
        cfg._attn_implementation = attn
        model = cls(cfg)
        seq = 16 if small else 128
        ids, mask = _tokens(cfg.vocab_size, seq, pad=4 if small else 28)

        class Hidden(_Wrap):
            def forward(self, input_ids, attention_mask):
                return self.inner(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

        return Hidden(model), (ids, mask), ["input_ids", "attention_mask"], ["last_hidden_state"], None

    return make


def hf_gpt2(attn, with_mask):
    def make(small):
        import transformers as tf

        cfg = (tf.GPT2Config(vocab_size=100, n_positions=64, n_embd=32, n_layer=2, n_head=2) if small
               else tf.GPT2Config())
        cfg._attn_implementation = attn
        cfg.use_cache = False
        model = tf.GPT2LMHeadModel(cfg)
        seq = 16 if small else 128
        ids, mask = _tokens(cfg.vocab_size, seq, 4 if small else 28)
        if not with_mask:
            class Logits(_Wrap):
                def forward(self, input_ids):
                    return self.inner(input_ids=input_ids, use_cache=False).logits

            return Logits(model), (ids,), ["input_ids"], ["logits"], None

        # With a padding mask beside the causal one (and transformers' packed-sequence detection,
        # torch.diff, which the TorchScript exporter lacks, is skipped).
        class MaskedLogits(_Wrap):
            def forward(self, input_ids, attention_mask):
                return self.inner(input_ids=input_ids, attention_mask=attention_mask, use_cache=False).logits

        return MaskedLogits(model), (ids, mask), ["input_ids", "attention_mask"], ["logits"], None

    return make


def retinanet_head(small):
    """A detection head: ResNet-18 (or a tiny ResNet) backbone, FPN, RetinaNet-style class and box
    subnets shared over the levels, the per-level outputs flattened and concatenated."""
    import torch
    import torch.nn as nn
    import torchvision.models as tvm
    from torchvision.ops import FeaturePyramidNetwork

    backbone = small_resnet(tvm.resnet.BasicBlock) if small else tvm.resnet18()
    chans = [16, 16, 32] if small else [128, 256, 512]
    width, anchors, classes = (16, 3, 4) if small else (128, 9, 20)

    def subnet(out):
        layers = []
        for _ in range(2):
            layers += [nn.Conv2d(width, width, 3, padding=1), nn.ReLU()]
        return nn.Sequential(*layers, nn.Conv2d(width, out, 3, padding=1))

    class Head(nn.Module):
        def __init__(self):
            super().__init__()
            self.body = backbone
            self.fpn = FeaturePyramidNetwork(chans, width)
            self.cls = subnet(anchors * classes)
            self.box = subnet(anchors * 4)

        def forward(self, x):
            b = self.body
            x = b.maxpool(b.relu(b.bn1(b.conv1(x))))
            c2 = b.layer2(b.layer1(x))
            c3 = b.layer3(c2)
            c4 = b.layer4(c3)
            feats = self.fpn({"c2": c2, "c3": c3, "c4": c4})
            cls = [self.cls(f).permute(0, 2, 3, 1).reshape(x.shape[0], -1, classes) for f in feats.values()]
            box = [self.box(f).permute(0, 2, 3, 1).reshape(x.shape[0], -1, 4) for f in feats.values()]
            return torch.cat(cls, 1), torch.cat(box, 1)

    model = Head()
    return (model, (_image(64 if small else 320),), ["input"], ["cls_logits", "box_regression"],
            [model.cls[-1], model.box[-1]])


def lraspp(small):
    import torchvision.models.segmentation as seg

    model = seg.lraspp_mobilenet_v3_large(weights=None, weights_backbone=None, num_classes=5 if small else 21)
    if small:
        from torchvision.models.segmentation.lraspp import LRASPP

        back = small_mobilenet_v3(True).features
        high = back[-1].out_channels
        model = LRASPP(back, low_channels=16, high_channels=high, num_classes=5, inter_channels=16)
        # LR-ASPP reads the stage outputs by name: stage 2 (stride 8) is low, the last one high.
        from torchvision.models._utils import IntermediateLayerGetter

        model.backbone = IntermediateLayerGetter(back, return_layers={"3": "low", str(len(back) - 1): "high"})

    class Out(_Wrap):
        def forward(self, x):
            return self.inner(x)["out"]

    return Out(model), (_image(64 if small else 224),), ["input"], ["out"], [model.classifier.low_classifier,
                                                                           model.classifier.high_classifier]


# name -> (family, constructor, exporter, opset). Opsets spread over 11..17 for the TorchScript
# exporter (LayerNormalization only exists from 17: below it the exporter decomposes it).
def _block(name):
    import torchvision.models.resnet as r

    return getattr(r, name)


ZOO = {
    # CNNs
    "resnet18": ("cnn", tv_classifier("resnet18", lambda: small_resnet(_block("BasicBlock"))), "legacy", 17),
    "resnet18_dynamo": ("cnn", tv_classifier("resnet18", lambda: small_resnet(_block("BasicBlock"))), "dynamo", 18),
    "resnet50": ("cnn", tv_classifier("resnet50", lambda: small_resnet(_block("Bottleneck"))), "legacy", 13),
    "mobilenet_v2": ("cnn", tv_classifier("mobilenet_v2", small_mobilenet_v2), "legacy", 11),
    "mobilenet_v2_dynamo": ("cnn", tv_classifier("mobilenet_v2", small_mobilenet_v2), "dynamo", 18),
    "mobilenet_v3_small": ("cnn", tv_classifier("mobilenet_v3_small", lambda: small_mobilenet_v3(False)), "legacy", 17),
    "mobilenet_v3_large": ("cnn", tv_classifier("mobilenet_v3_large", lambda: small_mobilenet_v3(True)), "dynamo", 18),
    "efficientnet_b0": ("cnn", tv_classifier("efficientnet_b0", small_efficientnet), "legacy", 14),
    "efficientnet_b0_dynamo": ("cnn", tv_classifier("efficientnet_b0", small_efficientnet), "dynamo", 18),
    "convnext_tiny": ("cnn", tv_classifier("convnext_tiny", small_convnext), "dynamo", 18),
    "convnext_tiny_op12": ("cnn", tv_classifier("convnext_tiny", small_convnext), "legacy", 12),
    "regnet_y_400mf": ("cnn", tv_classifier("regnet_y_400mf", small_regnet), "legacy", 12),
    "shufflenet_v2_x0_5": ("cnn", tv_classifier("shufflenet_v2_x0_5", small_shufflenet), "legacy", 15),
    "densenet121": ("cnn", tv_classifier("densenet121", small_densenet), "legacy", 16),
    "squeezenet1_0": ("cnn", tv_classifier("squeezenet1_0", small_squeezenet), "legacy", 11),
    "mnasnet0_5": ("cnn", tv_classifier("mnasnet0_5", small_mnasnet), "legacy", 13),
    # vision transformers
    "vit_b_16": ("vit", tv_vit("vit_b_16"), "legacy", 17),
    "vit_b_16_op14": ("vit", tv_vit("vit_b_16"), "legacy", 14),
    "deit_tiny_dynamo": ("vit", tv_vit("deit_tiny"), "dynamo", 18),
    "deit_tiny_hf": ("vit", hf_deit, "legacy", 17),
    "swin_t": ("vit", tv_swin, "legacy", 17),
    # NLP
    "bert_base": ("nlp", hf_encoder("bert"), "legacy", 14),
    "bert_base_eager": ("nlp", hf_encoder("bert", "eager"), "legacy", 17),
    "bert_base_dynamo": ("nlp", hf_encoder("bert"), "dynamo", 18),
    "distilbert": ("nlp", hf_encoder("distilbert", "eager"), "legacy", 17),
    "gpt2": ("nlp", hf_gpt2("sdpa", True), "legacy", 14),
    "gpt2_eager_dynamo": ("nlp", hf_gpt2("eager", False), "dynamo", 18),
    "t5_encoder": ("nlp", hf_encoder("t5", "eager"), "legacy", 17),
    # dense prediction
    "retinanet_head": ("detection", retinanet_head, "legacy", 16),
    "lraspp_mobilenet_v3": ("segmentation", lraspp, "legacy", 17),
}


# --- meaningful random weights -------------------------------------------------------------------


def make_meaningful(model, family, inputs, heads, seed):
    """Re-initialises CNN weights (kaiming, BatchNorm statistics from training-mode passes), gives
    zero-initialised layers random weights, and rescales the final layers so each output has a
    standard deviation of about 1. Returns the eval-mode outputs (a list of tensors)."""
    import torch
    import torch.nn as nn

    torch.manual_seed(seed)
    linears = []
    for m in model.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            zero = bool((m.weight == 0).all())
            if family in ("cnn", "detection", "segmentation") or zero:
                if zero and family not in ("cnn", "detection", "segmentation"):
                    nn.init.normal_(m.weight, std=0.02)
                else:
                    nn.init.kaiming_normal_(m.weight, nonlinearity="relu")
                if m.bias is not None:
                    nn.init.uniform_(m.bias, -0.1, 0.1)
        if isinstance(m, nn.Linear):
            linears.append(m)
        # ConvNeXt's layer scale starts at 1e-6: its blocks would add nothing to the residual.
        if hasattr(m, "layer_scale") and isinstance(m.layer_scale, nn.Parameter):
            with torch.no_grad():
                m.layer_scale.uniform_(0.3, 1.0)
    if any(isinstance(m, nn.modules.batchnorm._BatchNorm) for m in model.modules()):
        model.train()
        with torch.no_grad():
            for _ in range(4):
                x = inputs[0]
                model(*([torch.randn(4, *x.shape[1:])] + list(inputs[1:])))
    model.eval()
    if heads is None and family in ("cnn", "vit") and linears:
        heads = [linears[-1]]
    with torch.no_grad():
        outs = _as_list(model(*inputs))
        for head, y in zip(heads or [], outs):
            std = float(y.float().std())
            if std > 0 and np.isfinite(std):
                head.weight.mul_(1.0 / std)
                if head.bias is not None:
                    head.bias.mul_(1.0 / std)
        return _as_list(model(*inputs))


def _as_list(y):
    return list(y) if isinstance(y, (tuple, list)) else [y]


def check_meaningful(name, outs):
    for i, y in enumerate(outs):
        y = np.asarray(y, dtype=np.float64)
        peak, std = float(np.abs(y).max()), float(y.std())
        if not np.isfinite(peak) or not 1e-2 <= peak <= 1e3 or std < 1e-3:
            raise RuntimeError(f"{name}: output {i} max|y| {peak:.3g}, std {std:.3g}: outside [1e-2, 1e3] or no "
                               "spread; a comparison against it would pass whatever the engine computes")


# --- export --------------------------------------------------------------------------------------


def export_one(name, out_dir, small, seed=0):
    import onnx
    import onnxruntime as ort
    import torch
    from onnx import numpy_helper

    family, make, exporter, opset = ZOO[name]
    torch.manual_seed(seed)
    model, inputs, input_names, output_names, heads = make(small)
    model.eval()
    outs = make_meaningful(model, family, inputs, heads, seed + 1)
    check_meaningful(name, [o.numpy() for o in outs])

    folder = os.path.join(out_dir, name)
    data_dir = os.path.join(folder, "test_data_set_0")
    os.makedirs(data_dir, exist_ok=True)
    for stale in os.listdir(data_dir):
        os.remove(os.path.join(data_dir, stale))
    path = os.path.join(folder, "model.onnx")
    start = time.time()
    with torch.no_grad():
        if exporter == "dynamo":
            torch.onnx.export(model, inputs, path, dynamo=True, opset_version=opset, input_names=input_names,
                              output_names=output_names, external_data=False)
        else:
            torch.onnx.export(model, inputs, path, dynamo=False, opset_version=opset, input_names=input_names,
                              output_names=output_names)
    export_s = time.time() - start
    onnx.checker.check_model(path)
    proto = onnx.load(path)
    graph_inputs = [i.name for i in proto.graph.input]
    # An exporter may drop an input the graph does not read (e.g. a mask folded away).
    feeds = {n: t.numpy() for n, t in zip(input_names, inputs) if n in graph_inputs}
    sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    refs = sess.run(None, feeds)
    check_meaningful(name, refs)
    for n, iname in enumerate(i for i in graph_inputs if i in feeds):
        onnx.save_tensor(numpy_helper.from_array(feeds[iname], iname), os.path.join(data_dir, f"input_{n}.pb"))
    for n, (oname, ref) in enumerate(zip([o.name for o in proto.graph.output], refs)):
        onnx.save_tensor(numpy_helper.from_array(ref, oname), os.path.join(data_dir, f"output_{n}.pb"))
    torch_vs_ort = max(float(np.abs(r - o.numpy()).max()) for r, o in zip(refs, outs))
    ops = Counter(n.op_type for n in proto.graph.node)
    entry = {
        "name": name, "family": family, "exporter": "dynamo" if exporter == "dynamo" else "torchscript",
        "opset": opset, "nodes": len(proto.graph.node), "ops": dict(sorted(ops.items())),
        "inputs": {n: list(feeds[n].shape) for n in feeds},
        "outputs": {o.name: list(r.shape) for o, r in zip(proto.graph.output, refs)},
        "max_abs_output": max(float(np.abs(r).max()) for r in refs),
        "torch_vs_ort": torch_vs_ort, "bytes": os.path.getsize(path), "export_s": round(export_s, 1),
    }
    print(f"{name}: {entry['nodes']} nodes, opset {opset} ({entry['exporter']}), {entry['bytes'] / 1e6:.2f} MB, "
          f"max|y| {entry['max_abs_output']:.3g}, max|torch - ORT| {torch_vs_ort:.2e}", flush=True)
    return entry


def write_index(out_dir, entries, failures, small):
    index_path = os.path.join(out_dir, "index.json")
    old = {}
    if os.path.exists(index_path):
        with open(index_path) as f:
            old = {e["name"]: e for e in json.load(f).get("models", [])}
    for e in entries:
        old[e["name"]] = e
    for name in failures:
        old.pop(name, None)
    models = [old[n] for n in ZOO if n in old]
    with open(index_path, "w") as f:
        json.dump({"small": small, "models": models, "failed": failures}, f, indent=1)
    lines = [f"# Kiln model zoo{' (small)' if small else ''}", "",
             "Written by `tools/make_zoo.py`: random weights with fixed seeds, outputs of order 1, ONNX Runtime "
             "CPU reference outputs in `test_data_set_0`.", "",
             "| model | family | exporter | opset | nodes | MB | inputs | max abs output | ops |",
             "|---|---|---|---:|---:|---:|---|---:|---|"]
    for e in models:
        shapes = ", ".join(f"{k} {'x'.join(map(str, v))}" for k, v in e["inputs"].items())
        ops = " ".join(f"{k}({v})" for k, v in e["ops"].items())
        lines.append(f"| {e['name']} | {e['family']} | {e['exporter']} | {e['opset']} | {e['nodes']} "
                     f"| {e['bytes'] / 1e6:.2f} | {shapes} | {e['max_abs_output']:.3g} | {ops} |")
    if failures:
        lines += ["", "Failed to export: " + ", ".join(f"{k} ({v})" for k, v in failures.items())]
    with open(os.path.join(out_dir, "README.md"), "w") as f:
        f.write("\n".join(lines) + "\n")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", help="zoo folder (default ../zoo, or ../zoo_small with --small)")
    p.add_argument("--small", action="store_true", help="CI-sized variants of every architecture")
    p.add_argument("--only", action="append", default=[], help="NAME or NAME,NAME (repeatable)")
    p.add_argument("--list", action="store_true", help="print the model names and exit")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("names", nargs="*", help="same as --only")
    args = p.parse_args()
    if args.list:
        for name, (family, _, exporter, opset) in ZOO.items():
            print(f"{name:24} {family:12} {exporter:7} opset {opset}")
        return 0
    out = args.out or os.path.normpath(os.path.join(HERE, "..", "..", "zoo_small" if args.small else "zoo"))
    names = [n for spec in args.only + args.names for n in spec.split(",") if n] or list(ZOO)
    unknown = [n for n in names if n not in ZOO]
    if unknown:
        sys.exit(f"make_zoo: unknown model(s) {', '.join(unknown)}; --list names them")
    os.makedirs(out, exist_ok=True)
    entries, failures = [], {}
    for name in names:
        try:
            entries.append(export_one(name, out, args.small, args.seed))
        except Exception as e:  # noqa: BLE001 - report and go on with the others
            failures[name] = f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"
            print(f"{name}: FAILED: {failures[name]}", file=sys.stderr, flush=True)
    write_index(out, entries, failures, args.small)
    print(f"{len(entries)} exported to {out}, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
