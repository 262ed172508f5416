<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>kiln::studio::AccuracyModel</name>
    <message>
        <source>From ONNX nodes:</source>
        <translation>From ONNX nodes:</translation>
    </message>
    <message>
        <source>output</source>
        <translation>output</translation>
    </message>
    <message>
        <source>FAIL</source>
        <translation>FAIL</translation>
    </message>
    <message>
        <source>pass</source>
        <translation>pass</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Output or layer</source>
        <translation>Output or layer</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>ONNX nodes</source>
        <translation>ONNX nodes</translation>
    </message>
    <message>
        <source>Max abs error</source>
        <translation>Max abs error</translation>
    </message>
    <message>
        <source>Max rel error</source>
        <translation>Max rel error</translation>
    </message>
    <message>
        <source>Cosine</source>
        <translation>Cosine</translation>
    </message>
    <message>
        <source>NaN / inf</source>
        <translation>NaN / inf</translation>
    </message>
    <message>
        <source>NaN and infinities in the engine&apos;s values: %1 NaN, %2 +inf, %3 −inf (reference: %4 NaN, %5 +inf, %6 −inf).</source>
        <translation>NaN and infinities in the engine's values: %1 NaN, %2 +inf, %3 −inf (reference: %4 NaN, %5 +inf, %6 −inf).</translation>
    </message>
    <message>
        <source>SNR (dB)</source>
        <translation>SNR (dB)</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>over tolerance</source>
        <translation>over tolerance</translation>
    </message>
    <message>
        <source>over tolerance in layer %1</source>
        <translation>over tolerance in layer %1</translation>
    </message>
    <message>
        <source>max |engine − reference| / max |reference|, computed in %1; the norm rule passes it up to %2.</source>
        <translation>max |engine − reference| / max |reference|, computed in %1; the norm rule passes it up to %2.</translation>
    </message>
    <message>
        <source>FAIL, small values</source>
        <translation>FAIL, small values</translation>
    </message>
    <message>
        <source>pass, small values</source>
        <translation>pass, small values</translation>
    </message>
    <message>
        <source>Max norm error</source>
        <translation>Max norm error</translation>
    </message>
    <message>
        <source>Every |reference| value is at most atol %1 (largest %2): the absolute tolerance passes values this small whatever the engine computed. Judge by cosine and max norm error.</source>
        <translation>Every |reference| value is at most atol %1 (largest %2): the absolute tolerance passes values this small whatever the engine computed. Judge by cosine and max norm error.</translation>
    </message>
    <message>
        <source>The reference values are tiny (largest |reference| %1): the output may carry no signal, and rounding of larger values upstream can dominate its error.</source>
        <translation>The reference values are tiny (largest |reference| %1): the output may carry no signal, and rounding of larger values upstream can dominate its error.</translation>
    </message>
    <message>
        <source>FP8 is not emulated yet: it needs a per-tensor scale (the tensor&apos;s largest magnitude) for every tensor, which the CPU emulation does not compute.</source>
        <translation>FP8 is not emulated yet: it needs a per-tensor scale (the tensor's largest magnitude) for every tensor, which the CPU emulation does not compute.</translation>
    </message>
    <message>
        <source>Only FP16 and BF16 rounding can be emulated on the CPU, not %1.</source>
        <translation>Only FP16 and BF16 rounding can be emulated on the CPU, not %1.</translation>
    </message>
    <message>
        <source>An engine file is open: the emulation rounds an engine built here from the ONNX model on the CPU backend. Open the model to preview FP16 or BF16.</source>
        <translation>An engine file is open: the emulation rounds an engine built here from the ONNX model on the CPU backend. Open the model to preview FP16 or BF16.</translation>
    </message>
    <message>
        <source>The emulation runs on the CPU backend, not %1: choose the CPU backend and build again (on a GPU, build in FP16 or BF16 instead).</source>
        <translation>The emulation runs on the CPU backend, not %1: choose the CPU backend and build again (on a GPU, build in FP16 or BF16 instead).</translation>
    </message>
    <message>
        <source>The precision this row&apos;s error is held to: the least exact one its layer and the layers before it computed in (its limit: %1).</source>
        <translation>The precision this row's error is held to: the least exact one its layer and the layers before it computed in (its limit: %1).</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>Precision</translation>
    </message>
    <message>
        <source>scalar</source>
        <translation>scalar</translation>
    </message>
    <message>
        <source>Output “%1” does not match %2: its element type (dtype field) is %3, the file&apos;s %4.</source>
        <translation>Output “%1” does not match %2: its element type (dtype field) is %3, the file's %4.</translation>
    </message>
    <message>
        <source>Output “%1” does not match %2: its shape (dims field) is %3, the file&apos;s %4.</source>
        <translation>Output “%1” does not match %2: its shape (dims field) is %3, the file's %4.</translation>
    </message>
    <message>
        <source>Output “%1” against %2: max abs error %3, max norm error %4 (limit %5): %6.</source>
        <translation>Output “%1” against %2: max abs error %3, max norm error %4 (limit %5): %6.</translation>
    </message>
    <message>
        <source>Compared with the stored output %1 of %2, as kiln run --test-data compares it.</source>
        <translation>Compared with the stored output %1 of %2, as kiln run --test-data compares it.</translation>
    </message>
    <message>
        <source>max |engine − stored| / max |stored| (%1), computed in %2; the norm rule passes it up to %3.</source>
        <translation>max |engine − stored| / max |stored| (%1), computed in %2; the norm rule passes it up to %3.</translation>
    </message>
</context>
<context>
    <name>kiln::studio::AccuracyView</name>
    <message>
        <source>atol:</source>
        <translation>atol:</translation>
    </message>
    <message>
        <source>rtol:</source>
        <translation>rtol:</translation>
    </message>
    <message>
        <source>Error by depth</source>
        <translation>Error by depth</translation>
    </message>
    <message>
        <source>Error histogram</source>
        <translation>Error histogram</translation>
    </message>
    <message>
        <source>Comparing the engine with the reference at every layer…</source>
        <translation>Comparing the engine with the reference at every layer…</translation>
    </message>
    <message>
        <source>Comparison failed: %1</source>
        <translation>Comparison failed: %1</translation>
    </message>
    <message>
        <source>Build an engine first (Build panel), then compare it here.</source>
        <translation>Build an engine first (Build panel), then compare it here.</translation>
    </message>
    <message>
        <source>PASS: every output and every layer boundary within tolerance.</source>
        <translation>PASS: every output and every layer boundary within tolerance.</translation>
    </message>
    <message numerus="yes">
        <source>FAIL: %n layer(s) over tolerance.</source>
        <translation>
            <numerusform>FAIL: %n layer over tolerance.</numerusform>
            <numerusform>FAIL: %n layers over tolerance.</numerusform>
        </translation>
    </message>
    <message>
        <source>The error first exceeds tolerance at layer %1 (ONNX: %2).</source>
        <translation>The error first exceeds tolerance at layer %1 (ONNX: %2).</translation>
    </message>
    <message>
        <source>Reference %1 ms, engine %2 ms.</source>
        <translation>Reference %1 ms, engine %2 ms.</translation>
    </message>
    <message>
        <source>No comparison yet</source>
        <translation>No comparison yet</translation>
    </message>
    <message>
        <source>atol %1</source>
        <translation>atol %1</translation>
    </message>
    <message>
        <source>layer (execution order)</source>
        <translation>layer (execution order)</translation>
    </message>
    <message>
        <source>max abs error</source>
        <translation>max abs error</translation>
    </message>
    <message>
        <source>|engine − reference| of %1</source>
        <translation>|engine − reference| of %1</translation>
    </message>
    <message>
        <source>elements</source>
        <translation>elements</translation>
    </message>
    <message>
        <source>Relative to magnitude</source>
        <translation>Relative to magnitude</translation>
    </message>
    <message>
        <source>Elementwise</source>
        <translation>Elementwise</translation>
    </message>
    <message>
        <source>A tensor passes when max |engine − reference| / max |reference| is within its limit: by default %1 for fp32, %2 for tf32 and fp16, %3 for bf16, %4 for int8, %5 for fp8, following the least exact precision of the layer and the layers before it.</source>
        <translation>A tensor passes when max |engine − reference| / max |reference| is within its limit: by default %1 for fp32, %2 for tf32 and fp16, %3 for bf16, %4 for int8, %5 for fp8, following the least exact precision of the layer and the layers before it.</translation>
    </message>
    <message>
        <source>An element passes when |engine − reference| ≤ atol + rtol · |reference|. Typing atol or rtol selects this rule.</source>
        <translation>An element passes when |engine − reference| ≤ atol + rtol · |reference|. Typing atol or rtol selects this rule.</translation>
    </message>
    <message>
        <source>How a tensor passes: relative to its magnitude (the default), or element by element.</source>
        <translation>How a tensor passes: relative to its magnitude (the default), or element by element.</translation>
    </message>
    <message>
        <source>max norm:</source>
        <translation>max norm:</translation>
    </message>
    <message>
        <source>per precision</source>
        <translation>per precision</translation>
    </message>
    <message>
        <source>A limit typed here applies to every tensor; empty: the per-precision limits.</source>
        <translation>A limit typed here applies to every tensor; empty: the per-precision limits.</translation>
    </message>
    <message numerus="yes">
        <source>Warning: %n row(s) have values too small for the verdict to mean much (marked “small values”); judge them by cosine.</source>
        <translation>
            <numerusform>Warning: %n row has values too small for the verdict to mean much (marked “small values”); judge it by cosine.</numerusform>
            <numerusform>Warning: %n rows have values too small for the verdict to mean much (marked “small values”); judge them by cosine.</numerusform>
        </translation>
    </message>
    <message>
        <source>Rule: max norm error ≤ %1.</source>
        <translation>Rule: max norm error ≤ %1.</translation>
    </message>
    <message>
        <source>Rule: max norm error within the limit of each tensor’s precision.</source>
        <translation>Rule: max norm error within the limit of each tensor’s precision.</translation>
    </message>
    <message>
        <source>Rule: elementwise, atol %1, rtol %2.</source>
        <translation>Rule: elementwise, atol %1, rtol %2.</translation>
    </message>
    <message>
        <source>limit %1</source>
        <translation>limit %1</translation>
    </message>
    <message>
        <source>max norm error</source>
        <translation>max norm error</translation>
    </message>
    <message>
        <source>Engine ready. Compare it with the unoptimized FP32 reference on the inputs chosen above.</source>
        <translation>Engine ready. Compare it with the unoptimized FP32 reference on the inputs chosen above.</translation>
    </message>
    <message>
        <source>Emulate on the CPU:</source>
        <translation>Emulate on the CPU:</translation>
    </message>
    <message>
        <source>None (FP32)</source>
        <translation>None (FP32)</translation>
    </message>
    <message>
        <source>Preview a GPU build&apos;s FP16 or BF16 error on the CPU, as kiln compare --emulate does: the weights, the inputs and every layer&apos;s float outputs rounded to that type (to nearest even), FP32 math in between, each layer held to that precision&apos;s limit. An estimate, not a GPU run.</source>
        <translation>Preview a GPU build's FP16 or BF16 error on the CPU, as kiln compare --emulate does: the weights, the inputs and every layer's float outputs rounded to that type (to nearest even), FP32 math in between, each layer held to that precision's limit. An estimate, not a GPU run.</translation>
    </message>
    <message>
        <source>Comparing the engine, %1 emulated on the CPU, with the reference at every layer…</source>
        <translation>Comparing the engine, %1 emulated on the CPU, with the reference at every layer…</translation>
    </message>
    <message>
        <source>%1 emulated on the CPU (weights, inputs and every layer&apos;s float outputs rounded to %1, FP32 math in between): an estimate of a GPU %1 build&apos;s error, not a GPU run.</source>
        <translation>%1 emulated on the CPU (weights, inputs and every layer's float outputs rounded to %1, FP32 math in between): an estimate of a GPU %1 build's error, not a GPU run.</translation>
    </message>
    <message>
        <source>Expected:</source>
        <translation>Expected:</translation>
    </message>
    <message>
        <source>Reference run</source>
        <translation>Reference run</translation>
    </message>
    <message>
        <source>The unoptimized FP32 model on the CPU, run on the same inputs.</source>
        <translation>The unoptimized FP32 model on the CPU, run on the same inputs.</translation>
    </message>
    <message>
        <source>Stored outputs of the test data set</source>
        <translation>Stored outputs of the test data set</translation>
    </message>
    <message>
        <source>Stored outputs of %1</source>
        <translation>Stored outputs of %1</translation>
    </message>
    <message>
        <source>Compare the engine&apos;s outputs with the outputs stored in the test data set chosen as the input (output_0.pb, …), under the same rule as kiln run --test-data; the layer boundaries are still compared with the reference run.</source>
        <translation>Compare the engine's outputs with the outputs stored in the test data set chosen as the input (output_0.pb, …), under the same rule as kiln run --test-data; the layer boundaries are still compared with the reference run.</translation>
    </message>
    <message>
        <source>What the engine&apos;s outputs are compared with.</source>
        <translation>What the engine's outputs are compared with.</translation>
    </message>
    <message>
        <source>Expected stored outputs: %1</source>
        <translation>Expected stored outputs: %1</translation>
    </message>
    <message>
        <source>FAIL: output %1 does not match the stored outputs of %2.</source>
        <translation>FAIL: output %1 does not match the stored outputs of %2.</translation>
    </message>
    <message numerus="yes">
        <source>%n layer(s) over tolerance against the reference run.</source>
        <translation>
            <numerusform>%n layer over tolerance against the reference run.</numerusform>
            <numerusform>%n layers over tolerance against the reference run.</numerusform>
        </translation>
    </message>
    <message>
        <source>Expected: stored outputs of %1 for the model&apos;s outputs; the layer boundaries against the reference run.</source>
        <translation>Expected: stored outputs of %1 for the model's outputs; the layer boundaries against the reference run.</translation>
    </message>
    <message>
        <source>|engine − stored| of %1 (%2)</source>
        <translation>|engine − stored| of %1 (%2)</translation>
    </message>
    <message>
        <source>Find Layers to Keep in FP32</source>
        <translation>Find Layers to Keep in FP32</translation>
    </message>
    <message>
        <source>the max norm typed here (%1)</source>
        <translation>the max norm typed here (%1)</translation>
    </message>
    <message>
        <source>%1&apos;s default limit (max norm %2)</source>
        <translation>%1's default limit (max norm %2)</translation>
    </message>
    <message>
        <source>Search for a small set of layers to keep in FP32 so that the %1 engine&apos;s outputs meet %2, as kiln debug-precision does: the whole engine in %1 first, then the layers ranked by their own error, a binary search over that ranking and a pass removing pins that are not needed. It builds from the build settings and runs on the chosen inputs; the layers are named by their ONNX nodes.</source>
        <translation>Search for a small set of layers to keep in FP32 so that the %1 engine's outputs meet %2, as kiln debug-precision does: the whole engine in %1 first, then the layers ranked by their own error, a binary search over that ranking and a pass removing pins that are not needed. It builds from the build settings and runs on the chosen inputs; the layers are named by their ONNX nodes.</translation>
    </message>
</context>
<context>
    <name>kiln::studio::BodyStack</name>
    <message>
        <source>main</source>
        <translation>main</translation>
    </message>
</context>
<context>
    <name>kiln::studio::BuildComparisonModel</name>
    <message>
        <source>Build %1 (%2): %3 %4/%5</source>
        <translation>Build %1 (%2): %3 %4/%5</translation>
    </message>
    <message>
        <source>Profiling %1 (%2)…</source>
        <translation>Profiling %1 (%2)…</translation>
    </message>
    <message>
        <source>Comparing %1 (%2) with the reference…</source>
        <translation>Comparing %1 (%2) with the reference…</translation>
    </message>
    <message>
        <source>(no ONNX node)</source>
        <translation>(no ONNX node)</translation>
    </message>
    <message>
        <source>Layers A</source>
        <translation>Layers A</translation>
    </message>
    <message>
        <source>A median (ms)</source>
        <translation>A median (ms)</translation>
    </message>
    <message>
        <source>A max error</source>
        <translation>A max error</translation>
    </message>
    <message>
        <source>Layers B</source>
        <translation>Layers B</translation>
    </message>
    <message>
        <source>B median (ms)</source>
        <translation>B median (ms)</translation>
    </message>
    <message>
        <source>B max error</source>
        <translation>B max error</translation>
    </message>
    <message>
        <source>Δ ms (B − A)</source>
        <translation>Δ ms (B − A)</translation>
    </message>
    <message>
        <source>Δ %</source>
        <translation>Δ %</translation>
    </message>
    <message>
        <source>There is no build comparison yet.</source>
        <translation>There is no build comparison yet.</translation>
    </message>
    <message>
        <source>ONNX source nodes</source>
        <translation>ONNX source nodes</translation>
    </message>
    <message>
        <source>%1 has input “%2”, %3 has not (its inputs: %4): they come from different models.</source>
        <translation>%1 has input “%2”, %3 has not (its inputs: %4): they come from different models.</translation>
    </message>
    <message>
        <source>Input “%1” is %2 in %3 and %4 in %5: they come from different models.</source>
        <translation>Input “%1” is %2 in %3 and %4 in %5: they come from different models.</translation>
    </message>
    <message>
        <source>Reading engine %1 (%2)…</source>
        <translation>Reading engine %1 (%2)…</translation>
    </message>
    <message>
        <source>the model</source>
        <translation>the model</translation>
    </message>
    <message>
        <source>engine %1</source>
        <translation>engine %1</translation>
    </message>
    <message>
        <source>level 0 build</source>
        <translation>level 0 build</translation>
    </message>
    <message>
        <source>Comparing A and B with the reference…</source>
        <translation>Comparing A and B with the reference…</translation>
    </message>
    <message>
        <source>Comparing the outputs of B with A…</source>
        <translation>Comparing the outputs of B with A…</translation>
    </message>
    <message>
        <source>%1 has output “%2”, %3 has not.</source>
        <translation>%1 has output “%2”, %3 has not.</translation>
    </message>
    <message>
        <source>A: %1; B: %2</source>
        <translation>A: %1; B: %2</translation>
    </message>
</context>
<context>
    <name>kiln::studio::BuildComparisonView</name>
    <message>
        <source>level %1</source>
        <translation>level %1</translation>
    </message>
    <message>
        <source>%1, level %2</source>
        <translation>%1, level %2</translation>
    </message>
    <message>
        <source>Build %1</source>
        <translation>Build %1</translation>
    </message>
    <message>
        <source>Settings:</source>
        <translation>Settings:</translation>
    </message>
    <message>
        <source>Optimization level:</source>
        <translation>Optimization level:</translation>
    </message>
    <message>
        <source>Build panel settings</source>
        <translation>Build panel settings</translation>
    </message>
    <message>
        <source>Settings file…</source>
        <translation>Settings file…</translation>
    </message>
    <message>
        <source>Building and profiling both sides…</source>
        <translation>Building and profiling both sides…</translation>
    </message>
    <message>
        <source>Comparison failed: %1</source>
        <translation>Comparison failed: %1</translation>
    </message>
    <message>
        <source>An engine file has no ONNX model to rebuild: open the model to compare builds.</source>
        <translation>An engine file has no ONNX model to rebuild: open the model to compare builds.</translation>
    </message>
    <message>
        <source>Pick the settings of builds A and B, then compare: each is built, profiled and checked against the reference, and layers are matched by the ONNX nodes they cover.</source>
        <translation>Pick the settings of builds A and B, then compare: each is built, profiled and checked against the reference, and layers are matched by the ONNX nodes they cover.</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) matched by ONNX provenance; %1 differ between A and B.</source>
        <translation>
            <numerusform>%n row matched by ONNX provenance; %1 differ between A and B.</numerusform>
            <numerusform>%n rows matched by ONNX provenance; %1 differ between A and B.</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;b&gt;A&lt;/b&gt; (%1): %2 layers, %3 ms, output error %4 &amp;nbsp;&amp;nbsp; &lt;b&gt;B&lt;/b&gt; (%5): %6 layers, %7 ms, output error %8 &amp;nbsp;&amp;nbsp; &lt;b&gt;Δ&lt;/b&gt; &lt;span style=&apos;color:%9&apos;&gt;%10 ms (%11 %)&lt;/span&gt;</source>
        <translation>&lt;b&gt;A&lt;/b&gt; (%1): %2 layers, %3 ms, output error %4 &amp;nbsp;&amp;nbsp; &lt;b&gt;B&lt;/b&gt; (%5): %6 layers, %7 ms, output error %8 &amp;nbsp;&amp;nbsp; &lt;b&gt;Δ&lt;/b&gt; &lt;span style='color:%9'&gt;%10 ms (%11 %)&lt;/span&gt;</translation>
    </message>
    <message>
        <source>No comparison yet</source>
        <translation>No comparison yet</translation>
    </message>
    <message>
        <source>(no ONNX node)</source>
        <translation>(no ONNX node)</translation>
    </message>
    <message>
        <source>A: %1</source>
        <translation>A: %1</translation>
    </message>
    <message>
        <source>B: %1</source>
        <translation>B: %1</translation>
    </message>
    <message>
        <source>median ms (rows with the most time)</source>
        <translation>median ms (rows with the most time)</translation>
    </message>
</context>
<context>
    <name>kiln::studio::BuildController</name>
    <message>
        <source>Import</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>Optimize</source>
        <translation>Optimize</translation>
    </message>
    <message>
        <source>Select tactics</source>
        <translation>Select tactics</translation>
    </message>
    <message>
        <source>Serialize</source>
        <translation>Serialize</translation>
    </message>
    <message numerus="yes">
        <source>Build started: optimization level %1, %n profile(s).</source>
        <translation>
            <numerusform>Build started: optimization level %1, %n profile.</numerusform>
            <numerusform>Build started: optimization level %1, %n profiles.</numerusform>
        </translation>
    </message>
    <message>
        <source>[%1] started</source>
        <translation>[%1] started</translation>
    </message>
    <message>
        <source>[%1] layer %2 of %3: %4</source>
        <translation>[%1] layer %2 of %3: %4</translation>
    </message>
    <message>
        <source>Build cancelled.</source>
        <translation>Build cancelled.</translation>
    </message>
    <message>
        <source>Build failed: %1</source>
        <translation>Build failed: %1</translation>
    </message>
    <message numerus="yes">
        <source>Built %n layer(s) in %1 ms (%2 → %3 nodes).</source>
        <translation>
            <numerusform>Built %n layer in %1 ms (%2 → %3 nodes).</numerusform>
            <numerusform>Built %n layers in %1 ms (%2 → %3 nodes).</numerusform>
        </translation>
    </message>
    <message>
        <source>There is no engine yet: build one first.</source>
        <translation>There is no engine yet: build one first.</translation>
    </message>
    <message>
        <source>Calibrate</source>
        <translation>Calibrate</translation>
    </message>
    <message>
        <source>[%1] done: %2</source>
        <translation>[%1] done: %2</translation>
    </message>
    <message>
        <source>[%1] batch %2 of %3: %4</source>
        <translation>[%1] batch %2 of %3: %4</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>Warning: %1</translation>
    </message>
    <message>
        <source>Fusions timed against their unfused nodes: %1 kept, %2 reverted</source>
        <translation>Fusions timed against their unfused nodes: %1 kept, %2 reverted</translation>
    </message>
    <message>
        <source>, %1 not compared</source>
        <translation>, %1 not compared</translation>
    </message>
    <message>
        <source> (%1 decided by the timing cache)</source>
        <translation> (%1 decided by the timing cache)</translation>
    </message>
    <message>
        <source>%1 (%2) — %3</source>
        <translation>%1 (%2) — %3</translation>
    </message>
    <message>
        <source>%1.</source>
        <comment>ends the fusion timing summary</comment>
        <translation>%1.</translation>
    </message>
</context>
<context>
    <name>kiln::studio::BuildPanel</name>
    <message>
        <source>Timing Cache File</source>
        <translation>Timing Cache File</translation>
    </message>
    <message>
        <source>Timing caches (*.cache *.bin);;All files (*)</source>
        <translation>Timing caches (*.cache *.bin);;All files (*)</translation>
    </message>
    <message>
        <source>Calibration Data Folder</source>
        <translation>Calibration Data Folder</translation>
    </message>
    <message>
        <source>Building…</source>
        <translation>Building…</translation>
    </message>
    <message numerus="yes">
        <source>Built: %n layer(s).</source>
        <translation>
            <numerusform>Built: %n layer.</numerusform>
            <numerusform>Built: %n layers.</numerusform>
        </translation>
    </message>
    <message>
        <source>Build failed.</source>
        <translation>Build failed.</translation>
    </message>
    <message>
        <source>Build cancelled.</source>
        <translation>Build cancelled.</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Target</translation>
    </message>
    <message>
        <source>Precisions the builder may use</source>
        <translation>Precisions the builder may use</translation>
    </message>
    <message>
        <source>Per-layer precision overrides</source>
        <translation>Per-layer precision overrides</translation>
    </message>
    <message>
        <source>Optimization profiles (dynamic inputs)</source>
        <translation>Optimization profiles (dynamic inputs)</translation>
    </message>
    <message>
        <source>Build</source>
        <translation>Build</translation>
    </message>
    <message>
        <source>Backend:</source>
        <translation>Backend:</translation>
    </message>
    <message>
        <source>Sparsity:</source>
        <translation>Sparsity:</translation>
    </message>
    <message>
        <source>Workspace limit:</source>
        <translation>Workspace limit:</translation>
    </message>
    <message>
        <source> MiB</source>
        <translation> MiB</translation>
    </message>
    <message>
        <source>Optimization level:</source>
        <translation>Optimization level:</translation>
    </message>
    <message>
        <source>Timing cache:</source>
        <translation>Timing cache:</translation>
    </message>
    <message>
        <source>none (tactics are timed on every build)</source>
        <translation>none (tactics are timed on every build)</translation>
    </message>
    <message>
        <source>Calibration data:</source>
        <translation>Calibration data:</translation>
    </message>
    <message>
        <source>folder of input tensors (.pb / .npy)</source>
        <translation>folder of input tensors (.pb / .npy)</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>Disabled</translation>
    </message>
    <message>
        <source>Enabled (where weights are 2:4 sparse)</source>
        <translation>Enabled (where weights are 2:4 sparse)</translation>
    </message>
    <message>
        <source>Forced</source>
        <translation>Forced</translation>
    </message>
    <message>
        <source>CUDA (not available)</source>
        <translation>CUDA (not available)</translation>
    </message>
    <message>
        <source>Layer, ONNX node or op type</source>
        <translation>Layer, ONNX node or op type</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>Precision</translation>
    </message>
    <message>
        <source>Add override</source>
        <translation>Add override</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>Add profile</source>
        <translation>Add profile</translation>
    </message>
    <message>
        <source>Remove profile</source>
        <translation>Remove profile</translation>
    </message>
    <message>
        <source>Every input of this model has a static shape: the engine gets one implicit profile.</source>
        <translation>Every input of this model has a static shape: the engine gets one implicit profile.</translation>
    </message>
    <message>
        <source>Profile %1</source>
        <translation>Profile %1</translation>
    </message>
    <message>
        <source>Not built yet.</source>
        <translation>Not built yet.</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>Input</translation>
    </message>
    <message>
        <source>Min</source>
        <translation>Min</translation>
    </message>
    <message>
        <source>Opt</source>
        <translation>Opt</translation>
    </message>
    <message>
        <source>Max</source>
        <translation>Max</translation>
    </message>
    <message>
        <source>✓ Settings are valid.</source>
        <translation>✓ Settings are valid.</translation>
    </message>
    <message>
        <source>✗ %1</source>
        <translation>✗ %1</translation>
    </message>
    <message>
        <source>%1: layer %2 of %3 — %4</source>
        <translation>%1: layer %2 of %3 — %4</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n layer(s)</source>
        <translation>
            <numerusform>%1: %n layer</numerusform>
            <numerusform>%1: %n layers</numerusform>
        </translation>
    </message>
    <message>
        <source>Calibration Cache File</source>
        <translation>Calibration Cache File</translation>
    </message>
    <message>
        <source>Calibration caches (*.calib *.cache);;All files (*)</source>
        <translation>Calibration caches (*.calib *.cache);;All files (*)</translation>
    </message>
    <message>
        <source>Used when INT8 is allowed: per-tensor ranges are computed on this data (or read from the cache) and stored in the engine. The CPU backend still computes in FP32.</source>
        <translation>Used when INT8 is allowed: per-tensor ranges are computed on this data (or read from the cache) and stored in the engine. The CPU backend still computes in FP32.</translation>
    </message>
    <message>
        <source>Calibrator:</source>
        <translation>Calibrator:</translation>
    </message>
    <message>
        <source>Entropy (KL divergence)</source>
        <translation>Entropy (KL divergence)</translation>
    </message>
    <message>
        <source>Min-max</source>
        <translation>Min-max</translation>
    </message>
    <message>
        <source>Percentile</source>
        <translation>Percentile</translation>
    </message>
    <message>
        <source>Percentile:</source>
        <translation>Percentile:</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source>Calibration batches:</source>
        <translation>Calibration batches:</translation>
    </message>
    <message>
        <source>all</source>
        <translation>all</translation>
    </message>
    <message>
        <source>Calibration cache:</source>
        <translation>Calibration cache:</translation>
    </message>
    <message>
        <source>none (calibrate on every build)</source>
        <translation>none (calibrate on every build)</translation>
    </message>
    <message>
        <source>%1: batch %2 of %3</source>
        <translation>%1: batch %2 of %3</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n batch(es)</source>
        <translation>
            <numerusform>%1: %n batch</numerusform>
            <numerusform>%1: %n batches</numerusform>
        </translation>
    </message>
    <message>
        <source>Overrides (by name or op type)</source>
        <translation>Overrides (by name or op type)</translation>
    </message>
    <message>
        <source>All layers</source>
        <translation>All layers</translation>
    </message>
    <message>
        <source>Time each fusion against its unfused nodes</source>
        <translation>Time each fusion against its unfused nodes</translation>
    </message>
    <message>
        <source>Keeps a fused layer only where it is not slower than the nodes it replaced. Off: every fusion is kept untimed (a faster build).</source>
        <translation>Keeps a fused layer only where it is not slower than the nodes it replaced. Off: every fusion is kept untimed (a faster build).</translation>
    </message>
</context>
<context>
    <name>kiln::studio::BuildSettingsModel</name>
    <message>
        <source>&apos;%1&apos; is not a shape; write the dims like 1x3x224x224</source>
        <translation>'%1' is not a shape; write the dims like 1x3x224x224</translation>
    </message>
</context>
<context>
    <name>kiln::studio::EngineLayerModel</name>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Backend: %1</source>
        <translation>Backend: %1</translation>
    </message>
    <message>
        <source>Format: %1</source>
        <translation>Format: %1</translation>
    </message>
    <message>
        <source>Inserted by the builder: no ONNX node stands behind this layer.</source>
        <translation>Inserted by the builder: no ONNX node stands behind this layer.</translation>
    </message>
    <message>
        <source>From ONNX nodes:</source>
        <translation>From ONNX nodes:</translation>
    </message>
    <message>
        <source>inserted by the builder</source>
        <translation>inserted by the builder</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>Layer</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Backend</source>
        <translation>Backend</translation>
    </message>
    <message>
        <source>From ONNX nodes</source>
        <translation>From ONNX nodes</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>kept — fused %1 ms, unfused %2 ms (%3×)</source>
        <translation>kept — fused %1 ms, unfused %2 ms (%3×)</translation>
    </message>
    <message>
        <source>reverted — fused %1 ms, unfused %2 ms (%3×)</source>
        <translation>reverted — fused %1 ms, unfused %2 ms (%3×)</translation>
    </message>
    <message>
        <source>not compared</source>
        <translation>not compared</translation>
    </message>
    <message>
        <source>, from the timing cache</source>
        <translation>, from the timing cache</translation>
    </message>
    <message numerus="yes">
        <source>Fusion kept: the fused layer ran in %1 ms, its %n node(s) unfused in %2 ms.</source>
        <translation>
            <numerusform>Fusion kept: the fused layer ran in %1 ms, its %n node unfused in %2 ms.</numerusform>
            <numerusform>Fusion kept: the fused layer ran in %1 ms, its %n nodes unfused in %2 ms.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Reverted: its %n node(s) ran in %1 ms, the fused layer in %2 ms.</source>
        <translation>
            <numerusform>Reverted: its %n node ran in %1 ms, the fused layer in %2 ms.</numerusform>
            <numerusform>Reverted: its %n nodes ran in %1 ms, the fused layer in %2 ms.</numerusform>
        </translation>
    </message>
    <message>
        <source>Fusion not compared with its unfused nodes.</source>
        <translation>Fusion not compared with its unfused nodes.</translation>
    </message>
    <message>
        <source>Fusion not compared with its unfused nodes: %1</source>
        <translation>Fusion not compared with its unfused nodes: %1</translation>
    </message>
    <message>
        <source>(From the timing cache: nothing was timed in this build.)</source>
        <translation>(From the timing cache: nothing was timed in this build.)</translation>
    </message>
    <message>
        <source>Fusion vs unfused</source>
        <translation>Fusion vs unfused</translation>
    </message>
</context>
<context>
    <name>kiln::studio::FusionView</name>
    <message>
        <source>Optimization level:</source>
        <translation>Optimization level:</translation>
    </message>
    <message>
        <source>0 — none</source>
        <translation>0 — none</translation>
    </message>
    <message>
        <source>1 — clean-ups (constant folding, BatchNorm folding)</source>
        <translation>1 — clean-ups (constant folding, BatchNorm folding)</translation>
    </message>
    <message>
        <source>2 — + vertical fusions (epilogues, pointwise chains)</source>
        <translation>2 — + vertical fusions (epilogues, pointwise chains)</translation>
    </message>
    <message>
        <source>3 — + horizontal and attention fusions</source>
        <translation>3 — + horizontal and attention fusions</translation>
    </message>
    <message>
        <source>Re-optimizes the model at this level; the right-hand graph updates.</source>
        <translation>Re-optimizes the model at this level; the right-hand graph updates.</translation>
    </message>
    <message>
        <source>Fusion or rewrite</source>
        <translation>Fusion or rewrite</translation>
    </message>
    <message>
        <source>Times fired</source>
        <translation>Times fired</translation>
    </message>
    <message numerus="yes">
        <source>Original ONNX graph — %n node(s)</source>
        <translation>
            <numerusform>Original ONNX graph — %n node</numerusform>
            <numerusform>Original ONNX graph — %n nodes</numerusform>
        </translation>
    </message>
    <message>
        <source>Optimized graph</source>
        <translation>Optimized graph</translation>
    </message>
    <message>
        <source>Open a model to see what the optimizer does to it.</source>
        <translation>Open a model to see what the optimizer does to it.</translation>
    </message>
    <message>
        <source>Optimizing at level %1…</source>
        <translation>Optimizing at level %1…</translation>
    </message>
    <message>
        <source>Optimization failed: %1</source>
        <translation>Optimization failed: %1</translation>
    </message>
    <message numerus="yes">
        <source>Optimized at level %1 — %n layer(s)</source>
        <translation>
            <numerusform>Optimized at level %1 — %n layer</numerusform>
            <numerusform>Optimized at level %1 — %n layers</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 → %2 nodes, %3 rewrites in %4 round(s), %5 ms. Click a node on either side to see where it came from or what it became.</source>
        <translation>%1 → %2 nodes, %3 rewrites in %4 round(s), %5 ms. Click a node on either side to see where it came from or what it became.</translation>
    </message>
    <message>
        <source>(nothing fired at this level)</source>
        <translation>(nothing fired at this level)</translation>
    </message>
    <message>
        <source>Re-optimizes the model at this level; the lower graph updates.</source>
        <translation>Re-optimizes the model at this level; the lower graph updates.</translation>
    </message>
    <message>
        <source>One over the other</source>
        <translation>One over the other</translation>
    </message>
    <message>
        <source>Show the optimized graph below the original instead of beside it.</source>
        <translation>Show the optimized graph below the original instead of beside it.</translation>
    </message>
    <message>
        <source>Fusions</source>
        <translation>Fusions</translation>
    </message>
    <message numerus="yes">
        <source>Engine layers (%n)</source>
        <translation>
            <numerusform>Engine layers (%n)</numerusform>
            <numerusform>Engine layers (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The layers of the engine: where each runs, what it came from, and the %n layer(s) the builder inserted (copies between devices, reformats).</source>
        <translation>
            <numerusform>The layers of the engine: where each runs, what it came from, and the %n layer the builder inserted (copies between devices, reformats).</numerusform>
            <numerusform>The layers of the engine: where each runs, what it came from, and the %n layers the builder inserted (copies between devices, reformats).</numerusform>
        </translation>
    </message>
    <message>
        <source>Fusions timed against their unfused nodes: %1 kept, %2 reverted.</source>
        <translation>Fusions timed against their unfused nodes: %1 kept, %2 reverted.</translation>
    </message>
    <message>
        <source>Reverted fusions have a dotted purple frame on the optimized graph.</source>
        <translation>Reverted fusions have a dotted purple frame on the optimized graph.</translation>
    </message>
</context>
<context>
    <name>kiln::studio::GraphExport</name>
    <message>
        <source>There is no laid-out graph to export.</source>
        <translation>There is no laid-out graph to export.</translation>
    </message>
    <message>
        <source>Exported by Kiln Studio</source>
        <translation>Exported by Kiln Studio</translation>
    </message>
    <message>
        <source>%1: the image (%2×%3) is too large</source>
        <translation>%1: the image (%2×%3) is too large</translation>
    </message>
    <message>
        <source>cannot write the image</source>
        <translation>cannot write the image</translation>
    </message>
</context>
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
    <message>
        <source>Name scopes</source>
        <translation>Name scopes</translation>
    </message>
    <message>
        <source>Repeated structure</source>
        <translation>Repeated structure</translation>
    </message>
    <message>
        <source>None</source>
        <translation>None</translation>
    </message>
    <message>
        <source>name scopes</source>
        <translation>name scopes</translation>
    </message>
    <message>
        <source>repeated structure</source>
        <translation>repeated structure</translation>
    </message>
    <message>
        <source>none</source>
        <translation>none</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>Automatic</translation>
    </message>
    <message>
        <source>Automatic (%1)</source>
        <translation>Automatic (%1)</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Group</translation>
    </message>
    <message>
        <source>How nodes are grouped into collapsible blocks: %1</source>
        <translation>How nodes are grouped into collapsible blocks: %1</translation>
    </message>
    <message>
        <source>◂ Back</source>
        <translation>◂ Back</translation>
    </message>
    <message>
        <source>Back to the enclosing graph (%1)</source>
        <translation>Back to the enclosing graph (%1)</translation>
    </message>
    <message>
        <source>main</source>
        <translation>main</translation>
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
    <message>
        <source>Fused from %1 ONNX nodes:</source>
        <translation>Fused from %1 ONNX nodes:</translation>
    </message>
    <message>
        <source>Double-click to open %1; right-click for every body</source>
        <translation>Double-click to open %1; right-click for every body</translation>
    </message>
    <message>
        <source>Open body ▸ %1</source>
        <translation>Open body ▸ %1</translation>
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
    <name>kiln::studio::LayerPrecisionModel</name>
    <message>
        <source>%1 (computed %2 on %3)</source>
        <translation>%1 (computed %2 on %3)</translation>
    </message>
    <message>
        <source>network default</source>
        <translation>network default</translation>
    </message>
    <message>
        <source>override &quot;%1&quot; by layer</source>
        <translation>override "%1" by layer</translation>
    </message>
    <message>
        <source>override &quot;%1&quot; by op type</source>
        <translation>override "%1" by op type</translation>
    </message>
    <message>
        <source>override &quot;%1&quot; by ONNX node</source>
        <translation>override "%1" by ONNX node</translation>
    </message>
    <message>
        <source>override &quot;%1&quot; by ONNX op type</source>
        <translation>override "%1" by ONNX op type</translation>
    </message>
    <message>
        <source>A by-layer override for %1 (double-click to change; none removes it). Op-type overrides are edited in the Overrides tab.</source>
        <translation>A by-layer override for %1 (double-click to change; none removes it). Op-type overrides are edited in the Overrides tab.</translation>
    </message>
    <message>
        <source>The precision the next build stores for this node&apos;s layer (a fused layer takes the precision of any override matching one of its nodes).</source>
        <translation>The precision the next build stores for this node's layer (a fused layer takes the precision of any override matching one of its nodes).</translation>
    </message>
    <message>
        <source>The %1 backend has no %2 kernels yet: the layer is stored as %2 (int8 with its calibrated ranges) and computed in %3.</source>
        <translation>The %1 backend has no %2 kernels yet: the layer is stored as %2 (int8 with its calibrated ranges) and computed in %3.</translation>
    </message>
    <message>
        <source>Engine layer %1 (%2), from ONNX nodes: %3</source>
        <translation>Engine layer %1 (%2), from ONNX nodes: %3</translation>
    </message>
    <message>
        <source>The precision the last built engine stores for this layer.</source>
        <translation>The precision the last built engine stores for this layer.</translation>
    </message>
    <message>
        <source>The by-layer override of this node (editable)</source>
        <translation>The by-layer override of this node (editable)</translation>
    </message>
    <message>
        <source>What the next build stores, and what the backend computes when that differs</source>
        <translation>What the next build stores, and what the backend computes when that differs</translation>
    </message>
    <message>
        <source>The network default or the override that decides the precision (the last matching override wins)</source>
        <translation>The network default or the override that decides the precision (the last matching override wins)</translation>
    </message>
    <message>
        <source>After a build: the engine layer this node ended up in</source>
        <translation>After a build: the engine layer this node ended up in</translation>
    </message>
    <message>
        <source>After a build: that layer&apos;s precision in the engine</source>
        <translation>After a build: that layer's precision in the engine</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>Layer</translation>
    </message>
    <message>
        <source>Op type</source>
        <translation>Op type</translation>
    </message>
    <message>
        <source>Override</source>
        <translation>Override</translation>
    </message>
    <message>
        <source>Resulting precision</source>
        <translation>Resulting precision</translation>
    </message>
    <message>
        <source>Set by</source>
        <translation>Set by</translation>
    </message>
    <message>
        <source>Engine layer</source>
        <translation>Engine layer</translation>
    </message>
    <message>
        <source>Built precision</source>
        <translation>Built precision</translation>
    </message>
    <message>
        <source>Backend: %1</source>
        <translation>Backend: %1</translation>
    </message>
    <message>
        <source>Format: %1</source>
        <translation>Format: %1</translation>
    </message>
</context>
<context>
    <name>kiln::studio::LayerPrecisionView</name>
    <message>
        <source>none</source>
        <translation>none</translation>
    </message>
    <message>
        <source>Filter by layer name or op type</source>
        <translation>Filter by layer name or op type</translation>
    </message>
    <message>
        <source>Open a model to see the precision of each layer.</source>
        <translation>Open a model to see the precision of each layer.</translation>
    </message>
    <message numerus="yes">
        <source>%n layer(s): %1 set by their own override, %2 by an op-type override, the rest at the network default (%3).</source>
        <translation>
            <numerusform>%n layer: %1 set by its own override, %2 by an op-type override, the rest at the network default (%3).</numerusform>
            <numerusform>%n layers: %1 set by their own override, %2 by an op-type override, the rest at the network default (%3).</numerusform>
        </translation>
    </message>
    <message>
        <source>The last two columns show the built engine.</source>
        <translation>The last two columns show the built engine.</translation>
    </message>
</context>
<context>
    <name>kiln::studio::LibraryText</name>
    <message>
        <source>no importer for this op</source>
        <translation>no importer for this op</translation>
    </message>
    <message>
        <source>ONNX shape inference skipped: the model did not go through the ONNX checker; shapes are computed at run time</source>
        <translation>ONNX shape inference skipped: the model did not go through the ONNX checker; shapes are computed at run time</translation>
    </message>
    <message>
        <source>%1: field &apos;%2&apos;: %3</source>
        <translation>%1: field '%2': %3</translation>
    </message>
    <message>
        <source>%1: invalid JSON: %2</source>
        <translation>%1: invalid JSON: %2</translation>
    </message>
    <message>
        <source>%1: cannot open the builder config file</source>
        <translation>%1: cannot open the builder config file</translation>
    </message>
    <message>
        <source>%1: cannot write the builder config file</source>
        <translation>%1: cannot write the builder config file</translation>
    </message>
    <message>
        <source>%1: cannot write the builder config file: %2</source>
        <translation>%1: cannot write the builder config file: %2</translation>
    </message>
    <message>
        <source>%1: writing the builder config file failed</source>
        <translation>%1: writing the builder config file failed</translation>
    </message>
    <message>
        <source>expected %1, got %2</source>
        <translation>expected %1, got %2</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not one of %2</source>
        <translation>'%1' is not one of %2</translation>
    </message>
    <message>
        <source>unknown field</source>
        <translation>unknown field</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>missing</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1 is outside 0..3</source>
        <translation>%1 is outside 0..3</translation>
    </message>
    <message>
        <source>%1 must be &gt;= %2</source>
        <translation>%1 must be &gt;= %2</translation>
    </message>
    <message>
        <source>%1 is not supported by the %2 backend (it supports %3)</source>
        <translation>%1 is not supported by the %2 backend (it supports %3)</translation>
    </message>
    <message>
        <source>empty</source>
        <translation>empty</translation>
    </message>
    <message>
        <source>%1 for &apos;%2&apos; is not enabled in precisions</source>
        <translation>%1 for '%2' is not enabled in precisions</translation>
    </message>
    <message>
        <source>min %1, opt %2 and max %3 must have the same rank</source>
        <translation>min %1, opt %2 and max %3 must have the same rank</translation>
    </message>
    <message>
        <source>dim %1 is %2 (must be &gt;= 0)</source>
        <translation>dim %1 is %2 (must be &gt;= 0)</translation>
    </message>
    <message>
        <source>%1 exceeds max %2 at dim %3</source>
        <translation>%1 exceeds max %2 at dim %3</translation>
    </message>
    <message>
        <source>%1 is outside [min %2, max %3] at dim %4</source>
        <translation>%1 is outside [min %2, max %3] at dim %4</translation>
    </message>
    <message>
        <source>input &apos;%1&apos; has dynamic shape %2; give it an optimization profile (min/opt/max shapes)</source>
        <translation>input '%1' has dynamic shape %2; give it an optimization profile (min/opt/max shapes)</translation>
    </message>
    <message>
        <source>the model has no input named &apos;%1&apos;</source>
        <translation>the model has no input named '%1'</translation>
    </message>
    <message>
        <source>rank %1 but input &apos;%2&apos; is %3 (rank %4)</source>
        <translation>rank %1 but input '%2' is %3 (rank %4)</translation>
    </message>
    <message>
        <source>dim %1 is %2 but input &apos;%3&apos; %4 fixes it to %5</source>
        <translation>dim %1 is %2 but input '%3' %4 fixes it to %5</translation>
    </message>
    <message>
        <source>missing dynamic input &apos;%1&apos; %2</source>
        <translation>missing dynamic input '%1' %2</translation>
    </message>
    <message>
        <source>no layer, ONNX node or op type named &apos;%1&apos;</source>
        <translation>no layer, ONNX node or op type named '%1'</translation>
    </message>
    <message>
        <source>%1: cannot open the timing cache</source>
        <translation>%1: cannot open the timing cache</translation>
    </message>
    <message>
        <source>%1: not a Kiln timing cache (invalid JSON: %2); delete it to start a new one</source>
        <translation>%1: not a Kiln timing cache (invalid JSON: %2); delete it to start a new one</translation>
    </message>
    <message>
        <source>%1: not a Kiln timing cache (field &apos;format&apos; is not &apos;%2&apos;)</source>
        <translation>%1: not a Kiln timing cache (field 'format' is not '%2')</translation>
    </message>
    <message>
        <source>%1: timing cache version %2, this Kiln reads version %3; delete it to start a new one</source>
        <translation>%1: timing cache version %2, this Kiln reads version %3; delete it to start a new one</translation>
    </message>
    <message>
        <source>%1: malformed timing cache: %2</source>
        <translation>%1: malformed timing cache: %2</translation>
    </message>
    <message>
        <source>%1: cannot write the timing cache</source>
        <translation>%1: cannot write the timing cache</translation>
    </message>
    <message>
        <source>%1: writing the timing cache failed</source>
        <translation>%1: writing the timing cache failed</translation>
    </message>
    <message>
        <source>%1: cannot write the timing cache: %2</source>
        <translation>%1: cannot write the timing cache: %2</translation>
    </message>
    <message>
        <source>build cancelled</source>
        <translation>build cancelled</translation>
    </message>
    <message>
        <source>execution cancelled</source>
        <translation>execution cancelled</translation>
    </message>
    <message>
        <source>%1 nodes</source>
        <translation>%1 nodes</translation>
    </message>
    <message>
        <source>%1 -&gt; %2 nodes</source>
        <translation>%1 -&gt; %2 nodes</translation>
    </message>
    <message>
        <source>%1 layers, %2 bytes of weights</source>
        <translation>%1 layers, %2 bytes of weights</translation>
    </message>
    <message>
        <source>%1 node(s) cannot run on the %2 backend:</source>
        <translation>%1 node(s) cannot run on the %2 backend:</translation>
    </message>
    <message>
        <source>ONNX node &apos;%1&apos; (plugin %2): the plugin infers %3 outputs, the node has %4</source>
        <translation>ONNX node '%1' (plugin %2): the plugin infers %3 outputs, the node has %4</translation>
    </message>
    <message>
        <source>ONNX node &apos;%1&apos; (plugin %2): %3</source>
        <translation>ONNX node '%1' (plugin %2): %3</translation>
    </message>
    <message>
        <source>ONNX node &apos;%1&apos; (from ONNX nodes %2) (%3): %4</source>
        <translation>ONNX node '%1' (from ONNX nodes %2) (%3): %4</translation>
    </message>
    <message>
        <source>ONNX node &apos;%1&apos; (%2): %3</source>
        <translation>ONNX node '%1' (%2): %3</translation>
    </message>
    <message>
        <source>no %1 kernel and no plugin registered for %2</source>
        <translation>no %1 kernel and no plugin registered for %2</translation>
    </message>
    <message>
        <source>Kiln was built without the CUDA backend</source>
        <translation>Kiln was built without the CUDA backend</translation>
    </message>
    <message>
        <source>backend: cuda is not available: %1</source>
        <translation>backend: cuda is not available: %1</translation>
    </message>
    <message>
        <source>tactic selection at profile 0&apos;s opt shapes, layer &apos;%1&apos; (from ONNX nodes %2): %3</source>
        <translation>tactic selection at profile 0's opt shapes, layer '%1' (from ONNX nodes %2): %3</translation>
    </message>
    <message>
        <source>tactic selection at profile 0&apos;s opt shapes, layer &apos;%1&apos;: %2</source>
        <translation>tactic selection at profile 0's opt shapes, layer '%1': %2</translation>
    </message>
    <message>
        <source>plugin library &apos;%1&apos;: no such file</source>
        <translation>plugin library '%1': no such file</translation>
    </message>
    <message>
        <source>plugin library &apos;%1&apos;: cannot load: %2</source>
        <translation>plugin library '%1': cannot load: %2</translation>
    </message>
    <message>
        <source>cannot open engine file &apos;%1&apos;</source>
        <translation>cannot open engine file '%1'</translation>
    </message>
    <message>
        <source>cannot read engine file &apos;%1&apos;</source>
        <translation>cannot read engine file '%1'</translation>
    </message>
    <message>
        <source>cannot write engine file &apos;%1&apos;</source>
        <translation>cannot write engine file '%1'</translation>
    </message>
    <message>
        <source>cannot write engine file &apos;%1&apos;: %2</source>
        <translation>cannot write engine file '%1': %2</translation>
    </message>
    <message>
        <source>writing engine file &apos;%1&apos; failed</source>
        <translation>writing engine file '%1' failed</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a Kiln engine file (it does not start with &quot;KILNENG&quot;)</source>
        <translation>'%1' is not a Kiln engine file (it does not start with "KILNENG")</translation>
    </message>
    <message>
        <source>engine file &apos;%1&apos; is truncated: %2 bytes, too short for the header</source>
        <translation>engine file '%1' is truncated: %2 bytes, too short for the header</translation>
    </message>
    <message>
        <source>engine file &apos;%1&apos; is truncated: %2 of %3 bytes</source>
        <translation>engine file '%1' is truncated: %2 of %3 bytes</translation>
    </message>
    <message>
        <source>engine file &apos;%1&apos; has format version %2, this Kiln (%3) reads format version %4; rebuild the engine</source>
        <translation>engine file '%1' has format version %2, this Kiln (%3) reads format version %4; rebuild the engine</translation>
    </message>
    <message>
        <source>engine file &apos;%1&apos; is corrupt: its size field says %2 bytes but the file has %3</source>
        <translation>engine file '%1' is corrupt: its size field says %2 bytes but the file has %3</translation>
    </message>
    <message>
        <source>engine file &apos;%1&apos; is corrupt: checksum mismatch (stored %2, computed %3)</source>
        <translation>engine file '%1' is corrupt: checksum mismatch (stored %2, computed %3)</translation>
    </message>
    <message>
        <source>engine file &apos;%1&apos; is corrupt: header section overruns the file</source>
        <translation>engine file '%1' is corrupt: header section overruns the file</translation>
    </message>
    <message>
        <source>engine file &apos;%1&apos; is corrupt: body section length does not match the file</source>
        <translation>engine file '%1' is corrupt: body section length does not match the file</translation>
    </message>
    <message>
        <source>engine file &apos;%1&apos; is corrupt: %2 at offset %3</source>
        <translation>engine file '%1' is corrupt: %2 at offset %3</translation>
    </message>
    <message>
        <source>needs %1 more bytes, %2 left</source>
        <translation>needs %1 more bytes, %2 left</translation>
    </message>
    <message>
        <source>count %1 exceeds the data</source>
        <translation>count %1 exceeds the data</translation>
    </message>
    <message>
        <source>%1 unexpected bytes after the last layer</source>
        <translation>%1 unexpected bytes after the last layer</translation>
    </message>
    <message>
        <source>engine file &apos;%1&apos; was built for %2 on %3, this machine is %4</source>
        <translation>engine file '%1' was built for %2 on %3, this machine is %4</translation>
    </message>
    <message>
        <source>engine file &apos;%1&apos;: engine built for backend %2, this is %3 (%4)</source>
        <translation>engine file '%1': engine built for backend %2, this is %3 (%4)</translation>
    </message>
    <message>
        <source>engine file &apos;%1&apos;: engine built for %2, this is %3</source>
        <translation>engine file '%1': engine built for %2, this is %3</translation>
    </message>
    <message>
        <source>engine file &apos;%1&apos; needs plugin %2 version %3, which is not registered (load its library with --plugins)</source>
        <translation>engine file '%1' needs plugin %2 version %3, which is not registered (load its library with --plugins)</translation>
    </message>
    <message>
        <source>engine file &apos;%1&apos; needs plugin %2 version %3, but version %4 is registered</source>
        <translation>engine file '%1' needs plugin %2 version %3, but version %4 is registered</translation>
    </message>
    <message>
        <source>engine layer &apos;%1&apos; needs plugin %2 version %3, which is not registered</source>
        <translation>engine layer '%1' needs plugin %2 version %3, which is not registered</translation>
    </message>
    <message>
        <source>engine layer &apos;%1&apos; needs plugin %2 version %3, but version %4 is registered</source>
        <translation>engine layer '%1' needs plugin %2 version %3, but version %4 is registered</translation>
    </message>
    <message>
        <source>engine layer &apos;%1&apos; (%2) cannot run on the %3 backend: %4</source>
        <translation>engine layer '%1' (%2) cannot run on the %3 backend: %4</translation>
    </message>
    <message>
        <source>engine layer &apos;%1&apos; (%2) uses tactic &apos;%3&apos;, which this Kiln does not have</source>
        <translation>engine layer '%1' (%2) uses tactic '%3', which this Kiln does not have</translation>
    </message>
    <message>
        <source>engine layer &apos;%1&apos; reads tensor &apos;%2&apos; before any layer produces it</source>
        <translation>engine layer '%1' reads tensor '%2' before any layer produces it</translation>
    </message>
    <message>
        <source>engine output &apos;%1&apos; is never produced</source>
        <translation>engine output '%1' is never produced</translation>
    </message>
    <message>
        <source>optimization profile %1 does not exist (the engine has %2 profiles)</source>
        <translation>optimization profile %1 does not exist (the engine has %2 profiles)</translation>
    </message>
    <message>
        <source>missing input &apos;%1&apos; (%2%3)</source>
        <translation>missing input '%1' (%2%3)</translation>
    </message>
    <message>
        <source>input &apos;%1&apos; expects %2 but got %3</source>
        <translation>input '%1' expects %2 but got %3</translation>
    </message>
    <message>
        <source>input &apos;%1&apos; has shape %2, outside optimization profile %3 (min %4, max %5)</source>
        <translation>input '%1' has shape %2, outside optimization profile %3 (min %4, max %5)</translation>
    </message>
    <message>
        <source>the engine has no input named &apos;%1&apos;</source>
        <translation>the engine has no input named '%1'</translation>
    </message>
    <message>
        <source>no profiled run to export as a trace</source>
        <translation>no profiled run to export as a trace</translation>
    </message>
    <message>
        <source>layer &apos;%1&apos;: input &apos;%2&apos; not computed</source>
        <translation>layer '%1': input '%2' not computed</translation>
    </message>
    <message>
        <source>layer &apos;%1&apos; (%2) did not produce output %3</source>
        <translation>layer '%1' (%2) did not produce output %3</translation>
    </message>
    <message>
        <source>%1: no such file</source>
        <translation>%1: no such file</translation>
    </message>
    <message>
        <source>a string</source>
        <translation>a string</translation>
    </message>
    <message>
        <source>an integer</source>
        <translation>an integer</translation>
    </message>
    <message>
        <source>an array of integers</source>
        <translation>an array of integers</translation>
    </message>
    <message>
        <source>an array of strings</source>
        <translation>an array of strings</translation>
    </message>
    <message>
        <source>an array of objects</source>
        <translation>an array of objects</translation>
    </message>
    <message>
        <source>an object</source>
        <translation>an object</translation>
    </message>
    <message>
        <source>an object {target, precision}</source>
        <translation>an object {target, precision}</translation>
    </message>
    <message>
        <source>an object {input: {min, opt, max}}</source>
        <translation>an object {input: {min, opt, max}}</translation>
    </message>
    <message>
        <source>an object {min, opt, max}</source>
        <translation>an object {min, opt, max}</translation>
    </message>
    <message>
        <source>an object {warmup, iterations}</source>
        <translation>an object {warmup, iterations}</translation>
    </message>
    <message>
        <source>string</source>
        <translation>string</translation>
    </message>
    <message>
        <source>number</source>
        <translation>number</translation>
    </message>
    <message>
        <source>object</source>
        <translation>object</translation>
    </message>
    <message>
        <source>array</source>
        <translation>array</translation>
    </message>
    <message>
        <source>null</source>
        <translation>null</translation>
    </message>
    <message>
        <source>boolean</source>
        <translation>boolean</translation>
    </message>
    <message>
        <source>discarded</source>
        <translation>discarded</translation>
    </message>
    <message>
        <source>invalid argument</source>
        <translation>invalid argument</translation>
    </message>
    <message>
        <source>invalid model</source>
        <translation>invalid model</translation>
    </message>
    <message>
        <source>unsupported</source>
        <translation>unsupported</translation>
    </message>
    <message>
        <source>resource limit</source>
        <translation>resource limit</translation>
    </message>
    <message>
        <source>i/o error</source>
        <translation>i/o error</translation>
    </message>
    <message>
        <source>internal error</source>
        <translation>internal error</translation>
    </message>
    <message>
        <source>error</source>
        <translation>error</translation>
    </message>
    <message>
        <source>Constant folding</source>
        <translation>Constant folding</translation>
    </message>
    <message>
        <source>Shape folding</source>
        <translation>Shape folding</translation>
    </message>
    <message>
        <source>Remove Identity</source>
        <translation>Remove Identity</translation>
    </message>
    <message>
        <source>Remove inference Dropout</source>
        <translation>Remove inference Dropout</translation>
    </message>
    <message>
        <source>Remove data movement that moves nothing</source>
        <translation>Remove data movement that moves nothing</translation>
    </message>
    <message>
        <source>Drop unit-dim reshapes around a constant op</source>
        <translation>Drop unit-dim reshapes around a constant op</translation>
    </message>
    <message>
        <source>Dead code elimination</source>
        <translation>Dead code elimination</translation>
    </message>
    <message>
        <source>Fold BatchNorm into Conv</source>
        <translation>Fold BatchNorm into Conv</translation>
    </message>
    <message>
        <source>Fold BatchNorm into Gemm</source>
        <translation>Fold BatchNorm into Gemm</translation>
    </message>
    <message>
        <source>Fuse Conv + bias</source>
        <translation>Fuse Conv + bias</translation>
    </message>
    <message>
        <source>Fuse Conv + residual add</source>
        <translation>Fuse Conv + residual add</translation>
    </message>
    <message>
        <source>Fuse Conv + activation</source>
        <translation>Fuse Conv + activation</translation>
    </message>
    <message>
        <source>Fuse MatMul + bias</source>
        <translation>Fuse MatMul + bias</translation>
    </message>
    <message>
        <source>Fuse MatMul + activation</source>
        <translation>Fuse MatMul + activation</translation>
    </message>
    <message>
        <source>Fuse chain of element-wise ops</source>
        <translation>Fuse chain of element-wise ops</translation>
    </message>
    <message>
        <source>Recognize GELU (erf form)</source>
        <translation>Recognize GELU (erf form)</translation>
    </message>
    <message>
        <source>Recognize GELU (tanh form)</source>
        <translation>Recognize GELU (tanh form)</translation>
    </message>
    <message>
        <source>Recognize HardSwish</source>
        <translation>Recognize HardSwish</translation>
    </message>
    <message>
        <source>Recognize HardSigmoid</source>
        <translation>Recognize HardSigmoid</translation>
    </message>
    <message>
        <source>Recognize Mish</source>
        <translation>Recognize Mish</translation>
    </message>
    <message>
        <source>Recognize LayerNorm</source>
        <translation>Recognize LayerNorm</translation>
    </message>
    <message>
        <source>Fuse attention</source>
        <translation>Fuse attention</translation>
    </message>
    <message>
        <source>Absorb reshapes and transposes into attention</source>
        <translation>Absorb reshapes and transposes into attention</translation>
    </message>
    <message>
        <source>Fuse sibling MatMuls</source>
        <translation>Fuse sibling MatMuls</translation>
    </message>
    <message>
        <source>Fuse sibling Convs</source>
        <translation>Fuse sibling Convs</translation>
    </message>
    <message>
        <source>BatchNorm folding</source>
        <translation>BatchNorm folding</translation>
    </message>
    <message>
        <source>Activation recognition</source>
        <translation>Activation recognition</translation>
    </message>
    <message>
        <source>Conv bias fusion</source>
        <translation>Conv bias fusion</translation>
    </message>
    <message>
        <source>GELU recognition</source>
        <translation>GELU recognition</translation>
    </message>
    <message>
        <source>LayerNorm recognition</source>
        <translation>LayerNorm recognition</translation>
    </message>
    <message>
        <source>Attention fusion</source>
        <translation>Attention fusion</translation>
    </message>
    <message>
        <source>Attention layout</source>
        <translation>Attention layout</translation>
    </message>
    <message>
        <source>Epilogue fusion</source>
        <translation>Epilogue fusion</translation>
    </message>
    <message>
        <source>Horizontal fusion</source>
        <translation>Horizontal fusion</translation>
    </message>
    <message>
        <source>Element-wise fusion</source>
        <translation>Element-wise fusion</translation>
    </message>
    <message>
        <source>reference</source>
        <translation>reference</translation>
    </message>
    <message>
        <source>direct loop</source>
        <translation>direct loop</translation>
    </message>
    <message>
        <source>blocked loop</source>
        <translation>blocked loop</translation>
    </message>
    <message>
        <source>plugin</source>
        <translation>plugin</translation>
    </message>
    <message>
        <source>pass</source>
        <translation>pass</translation>
    </message>
    <message>
        <source>FAIL</source>
        <translation>FAIL</translation>
    </message>
    <message>
        <source>dtype mismatch</source>
        <translation>dtype mismatch</translation>
    </message>
    <message>
        <source>shape mismatch</source>
        <translation>shape mismatch</translation>
    </message>
    <message>
        <source>no folder given</source>
        <translation>no folder given</translation>
    </message>
    <message>
        <source>calibration cancelled</source>
        <translation>calibration cancelled</translation>
    </message>
    <message>
        <source>calibration cache %1: %2 of %3 tensors are not in the model</source>
        <translation>calibration cache %1: %2 of %3 tensors are not in the model</translation>
    </message>
    <message>
        <source>calibration cache %1 was made by the %2 calibrator: calibrating again with %3</source>
        <translation>calibration cache %1 was made by the %2 calibrator: calibrating again with %3</translation>
    </message>
    <message>
        <source>%1 ranges from %2</source>
        <translation>%1 ranges from %2</translation>
    </message>
    <message>
        <source>int8 is enabled but there is no calibration data and no calibration cache</source>
        <translation>int8 is enabled but there is no calibration data and no calibration cache</translation>
    </message>
    <message>
        <source>int8 is enabled but there is no calibration data and the calibration cache &apos;%1&apos; does not exist</source>
        <translation>int8 is enabled but there is no calibration data and the calibration cache '%1' does not exist</translation>
    </message>
    <message>
        <source>the cpu backend has no int8 layers yet (int8 in precisions only calibrates)</source>
        <translation>the cpu backend has no int8 layers yet (int8 in precisions only calibrates)</translation>
    </message>
    <message>
        <source>%1 is outside (0, 100]</source>
        <translation>%1 is outside (0, 100]</translation>
    </message>
    <message>
        <source>%1 must be &gt;= 0 (0 = every batch)</source>
        <translation>%1 must be &gt;= 0 (0 = every batch)</translation>
    </message>
    <message>
        <source>int8: the cpu backend computes every layer in fp32; the calibrated ranges are stored in the engine</source>
        <translation>int8: the cpu backend computes every layer in fp32; the calibrated ranges are stored in the engine</translation>
    </message>
    <message>
        <source>%1 tensor ranges (%2)</source>
        <translation>%1 tensor ranges (%2)</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>a number</translation>
    </message>
    <message>
        <source>an object {dataFolder, algorithm, percentile, maxBatches, cache}</source>
        <translation>an object {dataFolder, algorithm, percentile, maxBatches, cache}</translation>
    </message>
    <message>
        <source>min-max</source>
        <translation>min-max</translation>
    </message>
    <message>
        <source>entropy</source>
        <translation>entropy</translation>
    </message>
    <message>
        <source>percentile %1</source>
        <translation>percentile %1</translation>
    </message>
    <message>
        <source>model file</source>
        <translation>model file</translation>
    </message>
    <message>
        <source>tensor file</source>
        <translation>tensor file</translation>
    </message>
    <message>
        <source>.npy file</source>
        <translation>.npy file</translation>
    </message>
    <message>
        <source>tensor</source>
        <translation>tensor</translation>
    </message>
    <message>
        <source>reshape</source>
        <translation>reshape</translation>
    </message>
    <message>
        <source>input</source>
        <translation>input</translation>
    </message>
    <message>
        <source>inputs</source>
        <translation>inputs</translation>
    </message>
    <message>
        <source>output</source>
        <translation>output</translation>
    </message>
    <message>
        <source>outputs</source>
        <translation>outputs</translation>
    </message>
    <message>
        <source>model</source>
        <translation>model</translation>
    </message>
    <message>
        <source>engine</source>
        <translation>engine</translation>
    </message>
    <message>
        <source>tensor file &apos;{file}&apos;</source>
        <translation>tensor file '{file}'</translation>
    </message>
    <message>
        <source>.npy file &apos;{file}&apos;</source>
        <translation>.npy file '{file}'</translation>
    </message>
    <message>
        <source>&apos;{model}&apos;: initializer &apos;{name}&apos;</source>
        <translation>'{model}': initializer '{name}'</translation>
    </message>
    <message>
        <source>&apos;{model}&apos;: graph input &apos;{name}&apos;</source>
        <translation>'{model}': graph input '{name}'</translation>
    </message>
    <message>
        <source>attribute &apos;{name}&apos;</source>
        <translation>attribute '{name}'</translation>
    </message>
    <message>
        <source>{name}</source>
        <translation>{name}</translation>
    </message>
    <message>
        <source>&apos;{model}&apos;: node &apos;{node}&apos; (index {index}, {op}): attribute &apos;{name}&apos;</source>
        <translation>'{model}': node '{node}' (index {index}, {op}): attribute '{name}'</translation>
    </message>
    <message>
        <source>{what} &apos;{file}&apos; does not exist</source>
        <translation>{what} '{file}' does not exist</translation>
    </message>
    <message>
        <source>{what} &apos;{file}&apos; is not a regular file</source>
        <translation>{what} '{file}' is not a regular file</translation>
    </message>
    <message>
        <source>cannot read the size of {what} &apos;{file}&apos;: {reason}</source>
        <translation>cannot read the size of {what} '{file}': {reason}</translation>
    </message>
    <message>
        <source>{what} &apos;{file}&apos; is {size} bytes, over the limit of {limit} bytes</source>
        <translation>{what} '{file}' is {size} bytes, over the limit of {limit} bytes</translation>
    </message>
    <message>
        <source>cannot open {what} &apos;{file}&apos;</source>
        <translation>cannot open {what} '{file}'</translation>
    </message>
    <message>
        <source>cannot read {what} &apos;{file}&apos;</source>
        <translation>cannot read {what} '{file}'</translation>
    </message>
    <message>
        <source>&apos;{file}&apos; is empty, not an ONNX model</source>
        <translation>'{file}' is empty, not an ONNX model</translation>
    </message>
    <message>
        <source>&apos;{file}&apos; is {size} bytes; protobuf cannot parse a model over 2 GiB (store the weights as external data)</source>
        <translation>'{file}' is {size} bytes; protobuf cannot parse a model over 2 GiB (store the weights as external data)</translation>
    </message>
    <message>
        <source>&apos;{file}&apos; is not a valid ONNX model (protobuf parse failed: truncated or not an ONNX file)</source>
        <translation>'{file}' is not a valid ONNX model (protobuf parse failed: truncated or not an ONNX file)</translation>
    </message>
    <message>
        <source>&apos;{file}&apos; is not an ONNX model (no graph or no IR version; the file may be truncated or of another kind)</source>
        <translation>'{file}' is not an ONNX model (no graph or no IR version; the file may be truncated or of another kind)</translation>
    </message>
    <message>
        <source>&apos;{model}&apos;: tensor &apos;{tensor}&apos; is defined more than once (initializer)</source>
        <translation>'{model}': tensor '{tensor}' is defined more than once (initializer)</translation>
    </message>
    <message>
        <source>&apos;{model}&apos;: tensor &apos;{tensor}&apos; is defined more than once (graph input)</source>
        <translation>'{model}': tensor '{tensor}' is defined more than once (graph input)</translation>
    </message>
    <message>
        <source>&apos;{model}&apos;: tensor &apos;{tensor}&apos; is defined more than once (output of node index {index})</source>
        <translation>'{model}': tensor '{tensor}' is defined more than once (output of node index {index})</translation>
    </message>
    <message>
        <source>&apos;{model}&apos;: node &apos;{node}&apos; (index {index}, {op}) reads tensor &apos;{tensor}&apos;, which is neither a graph input, an initializer nor a node output</source>
        <translation>'{model}': node '{node}' (index {index}, {op}) reads tensor '{tensor}', which is neither a graph input, an initializer nor a node output</translation>
    </message>
    <message>
        <source>&apos;{model}&apos;: the graph has a cycle: node &apos;{node}&apos; (index {index}, {op}) depends on its own output</source>
        <translation>'{model}': the graph has a cycle: node '{node}' (index {index}, {op}) depends on its own output</translation>
    </message>
    <message>
        <source>&apos;{model}&apos;: graph output &apos;{output}&apos; is never produced</source>
        <translation>'{model}': graph output '{output}' is never produced</translation>
    </message>
    <message>
        <source>&apos;{model}&apos;: ONNX checker: {detail}</source>
        <translation>'{model}': ONNX checker: {detail}</translation>
    </message>
    <message>
        <source>&apos;{model}&apos;: an initializer has no name</source>
        <translation>'{model}': an initializer has no name</translation>
    </message>
    <message>
        <source>&apos;{model}&apos;: graph input &apos;{input}&apos; is not a tensor (sequences, maps and optionals are not supported)</source>
        <translation>'{model}': graph input '{input}' is not a tensor (sequences, maps and optionals are not supported)</translation>
    </message>
    <message>
        <source>&apos;{model}&apos;: node &apos;{node}&apos; (index {index}, {op}): {cause}</source>
        <translation>'{model}': node '{node}' (index {index}, {op}): {cause}</translation>
    </message>
    <message>
        <source>&apos;{model}&apos;: unsupported op &apos;{op}&apos; in node &apos;{node}&apos; (index {index}, opset {opset}): {cause}</source>
        <translation>'{model}': unsupported op '{op}' in node '{node}' (index {index}, opset {opset}): {cause}</translation>
    </message>
    <message>
        <source>&apos;{model}&apos;: node &apos;{node}&apos; (index {index}, {op}): output &apos;{output}&apos; was not pre-created</source>
        <translation>'{model}': node '{node}' (index {index}, {op}): output '{output}' was not pre-created</translation>
    </message>
    <message>
        <source>ONNX checker skipped: model opset {opset} is newer than libonnx&apos;s {known}; Kiln&apos;s own structural checks still apply</source>
        <translation>ONNX checker skipped: model opset {opset} is newer than libonnx's {known}; Kiln's own structural checks still apply</translation>
    </message>
    <message>
        <source>ONNX checker skipped: libonnx does not know op {op} at opset {opset}; Kiln&apos;s own structural checks still apply</source>
        <translation>ONNX checker skipped: libonnx does not know op {op} at opset {opset}; Kiln's own structural checks still apply</translation>
    </message>
    <message>
        <source>model IR version {ir} is newer than libonnx&apos;s {known}; checked as IR version {checked}</source>
        <translation>model IR version {ir} is newer than libonnx's {known}; checked as IR version {checked}</translation>
    </message>
    <message>
        <source>ONNX shape inference skipped: model opset {opset} is newer than libonnx&apos;s {known}; using the model&apos;s value_info</source>
        <translation>ONNX shape inference skipped: model opset {opset} is newer than libonnx's {known}; using the model's value_info</translation>
    </message>
    <message>
        <source>ONNX shape inference failed (shapes are computed at run time): {detail}</source>
        <translation>ONNX shape inference failed (shapes are computed at run time): {detail}</translation>
    </message>
    <message>
        <source>domain &apos;{domain}&apos; is not supported (only ai.onnx)</source>
        <translation>domain '{domain}' is not supported (only ai.onnx)</translation>
    </message>
    <message>
        <source>model opset {opset} is outside Kiln&apos;s supported range {min}..{max}</source>
        <translation>model opset {opset} is outside Kiln's supported range {min}..{max}</translation>
    </message>
    <message>
        <source>subgraph attribute &apos;{name}&apos; (only If, Loop and Scan bodies are imported)</source>
        <translation>subgraph attribute '{name}' (only If, Loop and Scan bodies are imported)</translation>
    </message>
    <message>
        <source>node &apos;{node}&apos; ({op}): {cause}</source>
        <translation>node '{node}' ({op}): {cause}</translation>
    </message>
    <message>
        <source>body &apos;{body}&apos;: {cause}</source>
        <translation>body '{body}': {cause}</translation>
    </message>
    <message>
        <source>no &apos;{body}&apos; body</source>
        <translation>no '{body}' body</translation>
    </message>
    <message>
        <source>body &apos;{body}&apos; has {count} inputs, expected {expected}</source>
        <translation>body '{body}' has {count} inputs, expected {expected}</translation>
    </message>
    <message>
        <source>body &apos;{body}&apos; has {count} outputs, the node expects {expected}</source>
        <translation>body '{body}' has {count} outputs, the node expects {expected}</translation>
    </message>
    <message>
        <source>body &apos;{body}&apos; reads {count} outer-scope values but the node passes {expected}</source>
        <translation>body '{body}' reads {count} outer-scope values but the node passes {expected}</translation>
    </message>
    <message>
        <source>{what} &apos;{tensor}&apos; is {type}, not {expected}</source>
        <translation>{what} '{tensor}' is {type}, not {expected}</translation>
    </message>
    <message>
        <source>{count} inputs, expected at least {min}</source>
        <translation>{count} inputs, expected at least {min}</translation>
    </message>
    <message>
        <source>the condition</source>
        <translation>the condition</translation>
    </message>
    <message>
        <source>the trip count</source>
        <translation>the trip count</translation>
    </message>
    <message>
        <source>the iteration number</source>
        <translation>the iteration number</translation>
    </message>
    <message>
        <source>the condition output</source>
        <translation>the condition output</translation>
    </message>
    <message>
        <source>attribute &apos;{name}&apos; has {count} entries, expected {expected}</source>
        <translation>attribute '{name}' has {count} entries, expected {expected}</translation>
    </message>
    <message>
        <source>op {op} does not exist before opset {opset}</source>
        <translation>op {op} does not exist before opset {opset}</translation>
    </message>
    <message>
        <source>op {op} was removed after opset {opset}</source>
        <translation>op {op} was removed after opset {opset}</translation>
    </message>
    <message>
        <source>attribute {name}=&apos;{value}&apos; is not supported (supported: {supported})</source>
        <translation>attribute {name}='{value}' is not supported (supported: {supported})</translation>
    </message>
    <message>
        <source>cannot make a {dtype} constant</source>
        <translation>cannot make a {dtype} constant</translation>
    </message>
    <message>
        <source>cast to {dtype} is not supported</source>
        <translation>cast to {dtype} is not supported</translation>
    </message>
    <message>
        <source>spatial=0 (per-activation statistics) is not supported</source>
        <translation>spatial=0 (per-activation statistics) is not supported</translation>
    </message>
    <message>
        <source>training_mode=1 is not supported (inference only)</source>
        <translation>training_mode=1 is not supported (inference only)</translation>
    </message>
    <message>
        <source>training output {index} (&apos;{output}&apos;) is read by the graph</source>
        <translation>training output {index} ('{output}') is read by the graph</translation>
    </message>
    <message>
        <source>stash_type={value} is not supported (only 1: float32)</source>
        <translation>stash_type={value} is not supported (only 1: float32)</translation>
    </message>
    <message>
        <source>coordinate_transformation_mode=&apos;tf_half_pixel_for_nn&apos; is only supported with mode nearest and nearest_mode round_prefer_floor or floor</source>
        <translation>coordinate_transformation_mode='tf_half_pixel_for_nn' is only supported with mode nearest and nearest_mode round_prefer_floor or floor</translation>
    </message>
    <message>
        <source>antialias=1 is not supported</source>
        <translation>antialias=1 is not supported</translation>
    </message>
    <message>
        <source>the mask output of Dropout before opset 10 is not supported</source>
        <translation>the mask output of Dropout before opset 10 is not supported</translation>
    </message>
    <message>
        <source>a non-constant training_mode input is not supported (inference only)</source>
        <translation>a non-constant training_mode input is not supported (inference only)</translation>
    </message>
    <message>
        <source>training_mode=true is not supported</source>
        <translation>training_mode=true is not supported</translation>
    </message>
    <message>
        <source>string constants are not supported</source>
        <translation>string constants are not supported</translation>
    </message>
    <message>
        <source>input {name} of type {dtype} is not supported (supported: {supported})</source>
        <translation>input {name} of type {dtype} is not supported (supported: {supported})</translation>
    </message>
    <message>
        <source>reads tensor &apos;{tensor}&apos;, which is neither a graph input, an initializer nor a node output</source>
        <translation>reads tensor '{tensor}', which is neither a graph input, an initializer nor a node output</translation>
    </message>
    <message>
        <source>attribute &apos;{name}&apos; must be an int, got {value}</source>
        <translation>attribute '{name}' must be an int, got {value}</translation>
    </message>
    <message>
        <source>attribute &apos;{name}&apos; must be a float, got {value}</source>
        <translation>attribute '{name}' must be a float, got {value}</translation>
    </message>
    <message>
        <source>attribute &apos;{name}&apos; must be a string, got {value}</source>
        <translation>attribute '{name}' must be a string, got {value}</translation>
    </message>
    <message>
        <source>attribute &apos;{name}&apos; must be a list of ints, got {value}</source>
        <translation>attribute '{name}' must be a list of ints, got {value}</translation>
    </message>
    <message>
        <source>attribute &apos;{name}&apos; must be a list of floats, got {value}</source>
        <translation>attribute '{name}' must be a list of floats, got {value}</translation>
    </message>
    <message>
        <source>has {count} inputs, expected {expected}</source>
        <translation>has {count} inputs, expected {expected}</translation>
    </message>
    <message>
        <source>has {count} inputs, expected {min} to {max}</source>
        <translation>has {count} inputs, expected {min} to {max}</translation>
    </message>
    <message>
        <source>has {count} outputs, expected {expected}</source>
        <translation>has {count} outputs, expected {expected}</translation>
    </message>
    <message>
        <source>has {count} outputs, expected {min} to {max}</source>
        <translation>has {count} outputs, expected {min} to {max}</translation>
    </message>
    <message>
        <source>required input {index} is missing</source>
        <translation>required input {index} is missing</translation>
    </message>
    <message>
        <source>required output {index} is missing</source>
        <translation>required output {index} is missing</translation>
    </message>
    <message>
        <source>missing required attribute &apos;{name}&apos;</source>
        <translation>missing required attribute '{name}'</translation>
    </message>
    <message>
        <source>missing required attributes &apos;starts&apos;/&apos;ends&apos;</source>
        <translation>missing required attributes 'starts'/'ends'</translation>
    </message>
    <message>
        <source>attribute {name} must not be 0</source>
        <translation>attribute {name} must not be 0</translation>
    </message>
    <message>
        <source>attribute {name} must not be negative</source>
        <translation>attribute {name} must not be negative</translation>
    </message>
    <message>
        <source>attribute {name} must be positive</source>
        <translation>attribute {name} must be positive</translation>
    </message>
    <message>
        <source>attribute {name}={value} must be positive</source>
        <translation>attribute {name}={value} must be positive</translation>
    </message>
    <message>
        <source>attribute {name} must be &gt;= 1</source>
        <translation>attribute {name} must be &gt;= 1</translation>
    </message>
    <message>
        <source>attribute {name}={value} must be 0 or 1</source>
        <translation>attribute {name}={value} must be 0 or 1</translation>
    </message>
    <message>
        <source>kernel_shape must be positive</source>
        <translation>kernel_shape must be positive</translation>
    </message>
    <message>
        <source>attribute {name} has {count} values for a {rank}-D kernel</source>
        <translation>attribute {name} has {count} values for a {rank}-D kernel</translation>
    </message>
    <message>
        <source>attribute pads has {count} values for a {rank}-D kernel (expected {expected})</source>
        <translation>attribute pads has {count} values for a {rank}-D kernel (expected {expected})</translation>
    </message>
    <message>
        <source>input {index} is empty; {op} takes no optional inputs</source>
        <translation>input {index} is empty; {op} takes no optional inputs</translation>
    </message>
    <message>
        <source>input {index} is empty</source>
        <translation>input {index} is empty</translation>
    </message>
    <message>
        <source>output {index} is empty</source>
        <translation>output {index} is empty</translation>
    </message>
    <message>
        <source>axis {axis} is out of range for a rank-{rank} input</source>
        <translation>axis {axis} is out of range for a rank-{rank} input</translation>
    </message>
    <message>
        <source>{channels} channels are not divisible into num_groups={groups}</source>
        <translation>{channels} channels are not divisible into num_groups={groups}</translation>
    </message>
    <message>
        <source>scale and bias must have num_groups={groups} values at opset {opset}</source>
        <translation>scale and bias must have num_groups={groups} values at opset {opset}</translation>
    </message>
    <message>
        <source>needs either scales or sizes</source>
        <translation>needs either scales or sizes</translation>
    </message>
    <message>
        <source>has both scales and sizes</source>
        <translation>has both scales and sizes</translation>
    </message>
    <message>
        <source>attribute perm is not a permutation of 0..{last}</source>
        <translation>attribute perm is not a permutation of 0..{last}</translation>
    </message>
    <message>
        <source>attribute split has {sizes} sizes for {outputs} outputs</source>
        <translation>attribute split has {sizes} sizes for {outputs} outputs</translation>
    </message>
    <message>
        <source>has both a split input and num_outputs</source>
        <translation>has both a split input and num_outputs</translation>
    </message>
    <message>
        <source>starts and ends have different lengths</source>
        <translation>starts and ends have different lengths</translation>
    </message>
    <message>
        <source>axes and starts have different lengths</source>
        <translation>axes and starts have different lengths</translation>
    </message>
    <message>
        <source>attribute value must be a tensor</source>
        <translation>attribute value must be a tensor</translation>
    </message>
    <message>
        <source>attribute value must hold one element, has {count}</source>
        <translation>attribute value must hold one element, has {count}</translation>
    </message>
    <message>
        <source>must have exactly one value attribute, has {count}</source>
        <translation>must have exactly one value attribute, has {count}</translation>
    </message>
    <message>
        <source>unknown attribute &apos;{name}&apos;</source>
        <translation>unknown attribute '{name}'</translation>
    </message>
    <message>
        <source>{input} is {value} at index {index}: a quantization scale must be finite and non-zero</source>
        <translation>{input} is {value} at index {index}: a quantization scale must be finite and non-zero</translation>
    </message>
    <message>
        <source>{what}: {field} has {count} values but the shape {shape} needs {numel}</source>
        <translation>{what}: {field} has {count} values but the shape {shape} needs {numel}</translation>
    </message>
    <message>
        <source>{what}: external data {key} &apos;{text}&apos; is not a non-negative integer</source>
        <translation>{what}: external data {key} '{text}' is not a non-negative integer</translation>
    </message>
    <message>
        <source>{what}: external data has no &apos;location&apos;</source>
        <translation>{what}: external data has no 'location'</translation>
    </message>
    <message>
        <source>{what}: external data &apos;{location}&apos; is not allowed here (no model folder to resolve it against)</source>
        <translation>{what}: external data '{location}' is not allowed here (no model folder to resolve it against)</translation>
    </message>
    <message>
        <source>{what}: external data path &apos;{location}&apos; is absolute; it must be relative to the model folder</source>
        <translation>{what}: external data path '{location}' is absolute; it must be relative to the model folder</translation>
    </message>
    <message>
        <source>{what}: external data path &apos;{location}&apos; escapes the model folder</source>
        <translation>{what}: external data path '{location}' escapes the model folder</translation>
    </message>
    <message>
        <source>cannot resolve the model folder &apos;{folder}&apos;: {reason}</source>
        <translation>cannot resolve the model folder '{folder}': {reason}</translation>
    </message>
    <message>
        <source>{what}: external data file &apos;{location}&apos; not found in &apos;{folder}&apos;</source>
        <translation>{what}: external data file '{location}' not found in '{folder}'</translation>
    </message>
    <message>
        <source>{what}: cannot resolve external data file &apos;{location}&apos;: {reason}</source>
        <translation>{what}: cannot resolve external data file '{location}': {reason}</translation>
    </message>
    <message>
        <source>{what}: external data path &apos;{location}&apos; resolves to &apos;{resolved}&apos;, outside the model folder</source>
        <translation>{what}: external data path '{location}' resolves to '{resolved}', outside the model folder</translation>
    </message>
    <message>
        <source>{what}: external data &apos;{location}&apos; is not a regular file</source>
        <translation>{what}: external data '{location}' is not a regular file</translation>
    </message>
    <message>
        <source>{what}: cannot read the size of &apos;{location}&apos;</source>
        <translation>{what}: cannot read the size of '{location}'</translation>
    </message>
    <message>
        <source>{what}: external data length {length} bytes does not match the {expected} bytes its shape and type need</source>
        <translation>{what}: external data length {length} bytes does not match the {expected} bytes its shape and type need</translation>
    </message>
    <message>
        <source>{what}: external data (offset {offset}, length {length}) goes past the end of &apos;{location}&apos; ({size} bytes)</source>
        <translation>{what}: external data (offset {offset}, length {length}) goes past the end of '{location}' ({size} bytes)</translation>
    </message>
    <message>
        <source>{what}: cannot open external data file &apos;{location}&apos;</source>
        <translation>{what}: cannot open external data file '{location}'</translation>
    </message>
    <message>
        <source>{what}: cannot read {length} bytes at offset {offset} of &apos;{location}&apos;</source>
        <translation>{what}: cannot read {length} bytes at offset {offset} of '{location}'</translation>
    </message>
    <message>
        <source>{what}: string tensors are not supported</source>
        <translation>{what}: string tensors are not supported</translation>
    </message>
    <message>
        <source>{what}: data type {dtype} is not supported</source>
        <translation>{what}: data type {dtype} is not supported</translation>
    </message>
    <message>
        <source>{what}: negative dim in shape {shape}</source>
        <translation>{what}: negative dim in shape {shape}</translation>
    </message>
    <message>
        <source>{what}: raw_data has {size} bytes but shape {shape} needs {expected}</source>
        <translation>{what}: raw_data has {size} bytes but shape {shape} needs {expected}</translation>
    </message>
    <message>
        <source>{what}: raw_data has {size} bytes but shape {shape} of {dtype} needs {expected}</source>
        <translation>{what}: raw_data has {size} bytes but shape {shape} of {dtype} needs {expected}</translation>
    </message>
    <message>
        <source>{what}: segmented tensors are not supported</source>
        <translation>{what}: segmented tensors are not supported</translation>
    </message>
    <message>
        <source>{what} uses external data, which is not allowed here</source>
        <translation>{what} uses external data, which is not allowed here</translation>
    </message>
    <message>
        <source>{what}: unexpected type</source>
        <translation>{what}: unexpected type</translation>
    </message>
    <message>
        <source>cannot serialize an undefined tensor &apos;{name}&apos;</source>
        <translation>cannot serialize an undefined tensor '{name}'</translation>
    </message>
    <message>
        <source>tensor &apos;{name}&apos;: string tensors are not supported</source>
        <translation>tensor '{name}': string tensors are not supported</translation>
    </message>
    <message>
        <source>{what}: graph attributes (control flow) are not supported</source>
        <translation>{what}: graph attributes (control flow) are not supported</translation>
    </message>
    <message>
        <source>{what}: sparse tensor attributes are not supported</source>
        <translation>{what}: sparse tensor attributes are not supported</translation>
    </message>
    <message>
        <source>{what}: tensor-list attributes are not supported</source>
        <translation>{what}: tensor-list attributes are not supported</translation>
    </message>
    <message>
        <source>{what}: type attributes are not supported</source>
        <translation>{what}: type attributes are not supported</translation>
    </message>
    <message>
        <source>{what}: attribute has no value</source>
        <translation>{what}: attribute has no value</translation>
    </message>
    <message>
        <source>&apos;{model}&apos;: node &apos;{node}&apos; (index {index}, {op}): shape input &apos;{input}&apos; declares {count} values; Kiln accepts at most {max} dims</source>
        <translation>'{model}': node '{node}' (index {index}, {op}): shape input '{input}' declares {count} values; Kiln accepts at most {max} dims</translation>
    </message>
    <message>
        <source>&apos;{model}&apos;: node &apos;{node}&apos; (index {index}, {op}): input &apos;{input}&apos; has rank {rank}; it needs a batch, a channel and at least one spatial dim</source>
        <translation>'{model}': node '{node}' (index {index}, {op}): input '{input}' has rank {rank}; it needs a batch, a channel and at least one spatial dim</translation>
    </message>
    <message>
        <source>&apos;{model}&apos;: node &apos;{node}&apos; (index {index}, {op}): weight &apos;{weight}&apos; has rank {weightRank} but input &apos;{input}&apos; has rank {rank}</source>
        <translation>'{model}': node '{node}' (index {index}, {op}): weight '{weight}' has rank {weightRank} but input '{input}' has rank {rank}</translation>
    </message>
    <message>
        <source>&apos;{model}&apos;: node &apos;{node}&apos; (index {index}, {op}): attribute &apos;{name}&apos; has value {value} (must be &gt;= {min})</source>
        <translation>'{model}': node '{node}' (index {index}, {op}): attribute '{name}' has value {value} (must be &gt;= {min})</translation>
    </message>
    <message>
        <source>&apos;{model}&apos;: node &apos;{node}&apos; (index {index}, {op}): attribute &apos;{name}&apos; has {count} values; the input has {spatial} spatial dims, so it needs {expected}</source>
        <translation>'{model}': node '{node}' (index {index}, {op}): attribute '{name}' has {count} values; the input has {spatial} spatial dims, so it needs {expected}</translation>
    </message>
    <message>
        <source>cannot open &apos;{file}&apos; for writing</source>
        <translation>cannot open '{file}' for writing</translation>
    </message>
    <message>
        <source>cannot write &apos;{file}&apos;</source>
        <translation>cannot write '{file}'</translation>
    </message>
    <message>
        <source>&apos;{file}&apos;: .npy header has no &apos;{field}&apos; field</source>
        <translation>'{file}': .npy header has no '{field}' field</translation>
    </message>
    <message>
        <source>&apos;{file}&apos;: malformed .npy header</source>
        <translation>'{file}': malformed .npy header</translation>
    </message>
    <message>
        <source>&apos;{file}&apos;: malformed .npy shape</source>
        <translation>'{file}': malformed .npy shape</translation>
    </message>
    <message>
        <source>&apos;{file}&apos;: malformed .npy shape {shape}</source>
        <translation>'{file}': malformed .npy shape {shape}</translation>
    </message>
    <message>
        <source>&apos;{file}&apos; is empty, not a serialized onnx.TensorProto</source>
        <translation>'{file}' is empty, not a serialized onnx.TensorProto</translation>
    </message>
    <message>
        <source>&apos;{file}&apos; is not a valid serialized onnx.TensorProto (parse failed)</source>
        <translation>'{file}' is not a valid serialized onnx.TensorProto (parse failed)</translation>
    </message>
    <message>
        <source>&apos;{file}&apos;: tensor &apos;{name}&apos; ({tensor}) is too large for a .pb file (2 GiB)</source>
        <translation>'{file}': tensor '{name}' ({tensor}) is too large for a .pb file (2 GiB)</translation>
    </message>
    <message>
        <source>&apos;{file}&apos; is not a .npy file (bad magic)</source>
        <translation>'{file}' is not a .npy file (bad magic)</translation>
    </message>
    <message>
        <source>&apos;{file}&apos;: .npy version {version} is not supported</source>
        <translation>'{file}': .npy version {version} is not supported</translation>
    </message>
    <message>
        <source>&apos;{file}&apos;: truncated .npy header</source>
        <translation>'{file}': truncated .npy header</translation>
    </message>
    <message>
        <source>&apos;{file}&apos;: Fortran-order .npy arrays are not supported (save with C order)</source>
        <translation>'{file}': Fortran-order .npy arrays are not supported (save with C order)</translation>
    </message>
    <message>
        <source>&apos;{file}&apos;: .npy dtype &apos;{dtype}&apos; is not supported</source>
        <translation>'{file}': .npy dtype '{dtype}' is not supported</translation>
    </message>
    <message>
        <source>&apos;{file}&apos;: big-endian .npy data (&apos;{dtype}&apos;) is not supported</source>
        <translation>'{file}': big-endian .npy data ('{dtype}') is not supported</translation>
    </message>
    <message>
        <source>&apos;{file}&apos;: .npy data has {size} bytes but shape {shape} of {dtype} needs {expected}</source>
        <translation>'{file}': .npy data has {size} bytes but shape {shape} of {dtype} needs {expected}</translation>
    </message>
    <message>
        <source>&apos;{file}&apos;: cannot write an undefined tensor</source>
        <translation>'{file}': cannot write an undefined tensor</translation>
    </message>
    <message>
        <source>&apos;{file}&apos;: {dtype} tensors cannot be written as .npy (NumPy has no such dtype)</source>
        <translation>'{file}': {dtype} tensors cannot be written as .npy (NumPy has no such dtype)</translation>
    </message>
    <message>
        <source>&apos;{file}&apos;: unknown tensor file type (expected .pb for onnx.TensorProto or .npy)</source>
        <translation>'{file}': unknown tensor file type (expected .pb for onnx.TensorProto or .npy)</translation>
    </message>
    <message>
        <source>{folder}: {prefix}_{index}.pb without {prefix}_{expected}.pb</source>
        <translation>{folder}: {prefix}_{index}.pb without {prefix}_{expected}.pb</translation>
    </message>
    <message>
        <source>{folder}: {count} {what} files but the model has {declared} {declaredWhat}</source>
        <translation>{folder}: {count} {what} files but the model has {declared} {declaredWhat}</translation>
    </message>
    <message>
        <source>input &apos;{input}&apos; has no declared dtype; give it with --input</source>
        <translation>input '{input}' has no declared dtype; give it with --input</translation>
    </message>
    <message>
        <source>input &apos;{input}&apos; is a string tensor</source>
        <translation>input '{input}' is a string tensor</translation>
    </message>
    <message>
        <source>--val-range for input &apos;{input}&apos; ({dtype}) holds no integer in [{low}, {high})</source>
        <translation>--val-range for input '{input}' ({dtype}) holds no integer in [{low}, {high})</translation>
    </message>
    <message>
        <source>--val-range for input &apos;{input}&apos; is outside the range of {dtype}</source>
        <translation>--val-range for input '{input}' is outside the range of {dtype}</translation>
    </message>
    <message>
        <source>test data folder &apos;{folder}&apos; does not exist</source>
        <translation>test data folder '{folder}' does not exist</translation>
    </message>
    <message>
        <source>test data &apos;{folder}&apos; is not a folder</source>
        <translation>test data '{folder}' is not a folder</translation>
    </message>
    <message>
        <source>{folder}: no input_N.pb or output_N.pb files</source>
        <translation>{folder}: no input_N.pb or output_N.pb files</translation>
    </message>
    <message>
        <source>{folder}: no test_data_set_* folders and no input_N.pb files</source>
        <translation>{folder}: no test_data_set_* folders and no input_N.pb files</translation>
    </message>
    <message>
        <source>{folder}: no input file for model input &apos;{input}&apos;</source>
        <translation>{folder}: no input file for model input '{input}'</translation>
    </message>
    <message>
        <source>--input &apos;{spec}&apos;: expected NAME=FILE (.pb or .npy)</source>
        <translation>--input '{spec}': expected NAME=FILE (.pb or .npy)</translation>
    </message>
    <message>
        <source>--input {file}: give the input name as NAME={file} (the model&apos;s inputs: {inputs})</source>
        <translation>--input {file}: give the input name as NAME={file} (the model's inputs: {inputs})</translation>
    </message>
    <message>
        <source>--input {spec}: the model has no input named &apos;{input}&apos; (inputs: {inputs})</source>
        <translation>--input {spec}: the model has no input named '{input}' (inputs: {inputs})</translation>
    </message>
    <message>
        <source>--input {spec}: input &apos;{input}&apos; given twice</source>
        <translation>--input {spec}: input '{input}' given twice</translation>
    </message>
    <message>
        <source>--{flag} &apos;{item}&apos;: expected NAME:DIMS, e.g. input:1x3x224x224</source>
        <translation>--{flag} '{item}': expected NAME:DIMS, e.g. input:1x3x224x224</translation>
    </message>
    <message>
        <source>--{flag} &apos;{item}&apos;: {cause}</source>
        <translation>--{flag} '{item}': {cause}</translation>
    </message>
    <message>
        <source>--{flag}: input &apos;{input}&apos; given twice</source>
        <translation>--{flag}: input '{input}' given twice</translation>
    </message>
    <message>
        <source>--val-range &apos;{spec}&apos;: expected [NAME:]LOW,HIGH, e.g. 0,1 or ids:0,30522</source>
        <translation>--val-range '{spec}': expected [NAME:]LOW,HIGH, e.g. 0,1 or ids:0,30522</translation>
    </message>
    <message>
        <source>--val-range &apos;{spec}&apos;: LOW must be below HIGH</source>
        <translation>--val-range '{spec}': LOW must be below HIGH</translation>
    </message>
    <message>
        <source>--shapes {input}:{dims}: input &apos;{input}&apos; is declared {shape}</source>
        <translation>--shapes {input}:{dims}: input '{input}' is declared {shape}</translation>
    </message>
    <message>
        <source>input &apos;{input}&apos; has an unknown rank; give its shape with --shapes {input}:DIMS</source>
        <translation>input '{input}' has an unknown rank; give its shape with --shapes {input}:DIMS</translation>
    </message>
    <message>
        <source>input &apos;{input}&apos; has dynamic dim {dim} (&apos;{symbol}&apos;) in {shape}; give its shape with --shapes {input}:{example}</source>
        <translation>input '{input}' has dynamic dim {dim} ('{symbol}') in {shape}; give its shape with --shapes {input}:{example}</translation>
    </message>
    <message>
        <source>input &apos;{input}&apos; has dynamic dim {dim} in {shape}; give its shape with --shapes {input}:{example}</source>
        <translation>input '{input}' has dynamic dim {dim} in {shape}; give its shape with --shapes {input}:{example}</translation>
    </message>
    <message>
        <source>{source}: input &apos;{input}&apos; expects {expected} but got {actual}</source>
        <translation>{source}: input '{input}' expects {expected} but got {actual}</translation>
    </message>
    <message>
        <source>--save-outputs: cannot create folder &apos;{folder}&apos;: {reason}</source>
        <translation>--save-outputs: cannot create folder '{folder}': {reason}</translation>
    </message>
    <message>
        <source>model report: the importer returned no graph</source>
        <translation>model report: the importer returned no graph</translation>
    </message>
    <message>
        <source>out of memory allocating {bytes} bytes</source>
        <translation>out of memory allocating {bytes} bytes</translation>
    </message>
    <message>
        <source>{what}: shape {shape} has too many elements</source>
        <translation>{what}: shape {shape} has too many elements</translation>
    </message>
    <message>
        <source>{what}: shape {shape} ({dtype}) needs {bytes} bytes, over the limit of {limit} bytes</source>
        <translation>{what}: shape {shape} ({dtype}) needs {bytes} bytes, over the limit of {limit} bytes</translation>
    </message>
    <message>
        <source>{what} needs {size} ({bytes} bytes) with {live} already in use, over the memory limit of {limit} (--memory-limit)</source>
        <translation>{what} needs {size} ({bytes} bytes) with {live} already in use, over the memory limit of {limit} (--memory-limit)</translation>
    </message>
    <message>
        <source>optimization profile {profile} needs {size} of activation memory per execution context, over the memory limit of {limit} (--memory-limit); its largest tensor is &apos;{tensor}&apos; of layer &apos;{layer}&apos; ({tensorSize})</source>
        <translation>optimization profile {profile} needs {size} of activation memory per execution context, over the memory limit of {limit} (--memory-limit); its largest tensor is '{tensor}' of layer '{layer}' ({tensorSize})</translation>
    </message>
    <message>
        <source>fromVector: {values} values for {numel} elements</source>
        <translation>fromVector: {values} values for {numel} elements</translation>
    </message>
    <message>
        <source>cannot allocate a tensor of type {dtype}</source>
        <translation>cannot allocate a tensor of type {dtype}</translation>
    </message>
    <message>
        <source>tensor of type {dtype} accessed as {expected}</source>
        <translation>tensor of type {dtype} accessed as {expected}</translation>
    </message>
    <message>
        <source>cannot reshape {tensor} to {shape}</source>
        <translation>cannot reshape {tensor} to {shape}</translation>
    </message>
    <message>
        <source>rows [{begin}, {end}) of {tensor}</source>
        <translation>rows [{begin}, {end}) of {tensor}</translation>
    </message>
    <message>
        <source>tensor of type {dtype} has no numeric value</source>
        <translation>tensor of type {dtype} has no numeric value</translation>
    </message>
    <message>
        <source>node &apos;{node}&apos; ({op}): missing required attribute &apos;{name}&apos;</source>
        <translation>node '{node}' ({op}): missing required attribute '{name}'</translation>
    </message>
    <message>
        <source>node &apos;{node}&apos; ({op}): attribute &apos;{name}&apos; is {type}, expected {expected}</source>
        <translation>node '{node}' ({op}): attribute '{name}' is {type}, expected {expected}</translation>
    </message>
    <message>
        <source>value names must not be empty</source>
        <translation>value names must not be empty</translation>
    </message>
    <message>
        <source>tensor name &apos;{tensor}&apos; is defined more than once</source>
        <translation>tensor name '{tensor}' is defined more than once</translation>
    </message>
    <message>
        <source>tensor &apos;{tensor}&apos; is produced by both node &apos;{first}&apos; and node &apos;{second}&apos;</source>
        <translation>tensor '{tensor}' is produced by both node '{first}' and node '{second}'</translation>
    </message>
    <message>
        <source>tensor &apos;{tensor}&apos; is an initializer and also produced by node &apos;{node}&apos;</source>
        <translation>tensor '{tensor}' is an initializer and also produced by node '{node}'</translation>
    </message>
    <message>
        <source>node &apos;{node}&apos; ({op}) reads tensor &apos;{tensor}&apos;, which is neither a graph input, an initializer nor any node&apos;s output</source>
        <translation>node '{node}' ({op}) reads tensor '{tensor}', which is neither a graph input, an initializer nor any node's output</translation>
    </message>
    <message>
        <source>the graph has a cycle: node &apos;{node}&apos; ({op}) depends on its own output</source>
        <translation>the graph has a cycle: node '{node}' ({op}) depends on its own output</translation>
    </message>
    <message>
        <source>value &apos;{value}&apos; lost its producer link</source>
        <translation>value '{value}' lost its producer link</translation>
    </message>
    <message>
        <source>value &apos;{value}&apos; has a stale consumer list</source>
        <translation>value '{value}' has a stale consumer list</translation>
    </message>
    <message>
        <source>graph output &apos;{output}&apos; is never produced</source>
        <translation>graph output '{output}' is never produced</translation>
    </message>
    <message>
        <source>shape {shape} is not static</source>
        <translation>shape {shape} is not static</translation>
    </message>
    <message>
        <source>bad shape &apos;{text}&apos;: empty dim</source>
        <translation>bad shape '{text}': empty dim</translation>
    </message>
    <message>
        <source>bad shape &apos;{text}&apos;: &apos;{dim}&apos; is not a non-negative integer</source>
        <translation>bad shape '{text}': '{dim}' is not a non-negative integer</translation>
    </message>
    <message>
        <source>optimization level {level} is out of range (0..{max})</source>
        <translation>optimization level {level} is out of range (0..{max})</translation>
    </message>
    <message>
        <source>unknown pass &apos;{name}&apos; (known: {known})</source>
        <translation>unknown pass '{name}' (known: {known})</translation>
    </message>
    <message>
        <source>none</source>
        <translation>none</translation>
    </message>
    <message>
        <source>{names}</source>
        <translation>{names}</translation>
    </message>
    <message>
        <source>folder &apos;{folder}&apos; does not exist</source>
        <translation>folder '{folder}' does not exist</translation>
    </message>
    <message>
        <source>&apos;{folder}&apos; is not a folder</source>
        <translation>'{folder}' is not a folder</translation>
    </message>
    <message>
        <source>&apos;{folder}&apos; holds no calibration data (test_data_set_*/input_N.pb, input_N.pb or NAME.npy files)</source>
        <translation>'{folder}' holds no calibration data (test_data_set_*/input_N.pb, input_N.pb or NAME.npy files)</translation>
    </message>
    <message>
        <source>{file}: the model has no input named &apos;{input}&apos; (inputs: {inputs})</source>
        <translation>{file}: the model has no input named '{input}' (inputs: {inputs})</translation>
    </message>
    <message>
        <source>{file}: input &apos;{input}&apos; given twice</source>
        <translation>{file}: input '{input}' given twice</translation>
    </message>
    <message>
        <source>{folder}: {count} input files but the model has {declared} {declaredWhat} ({inputs})</source>
        <translation>{folder}: {count} input files but the model has {declared} {declaredWhat} ({inputs})</translation>
    </message>
    <message>
        <source>{folder}: no data for model input &apos;{input}&apos; {tensor}</source>
        <translation>{folder}: no data for model input '{input}' {tensor}</translation>
    </message>
    <message>
        <source>calibration cache: tensor name &apos;{name}&apos; contains a line break</source>
        <translation>calibration cache: tensor name '{name}' contains a line break</translation>
    </message>
    <message>
        <source>{file}: not a Kiln calibration cache (the first line must start with {magic})</source>
        <translation>{file}: not a Kiln calibration cache (the first line must start with {magic})</translation>
    </message>
    <message>
        <source>{file}:1: the header names no calibration algorithm</source>
        <translation>{file}:1: the header names no calibration algorithm</translation>
    </message>
    <message>
        <source>{file}:{line}: expected &apos;TENSOR: HEX&apos; (8 hex digits), got &apos;{text}&apos;</source>
        <translation>{file}:{line}: expected 'TENSOR: HEX' (8 hex digits), got '{text}'</translation>
    </message>
    <message>
        <source>{file}:{line}: tensor &apos;{tensor}&apos; has range {range} (must be finite and &gt;= 0)</source>
        <translation>{file}:{line}: tensor '{tensor}' has range {range} (must be finite and &gt;= 0)</translation>
    </message>
    <message>
        <source>{file}:{line}: tensor &apos;{tensor}&apos; listed twice</source>
        <translation>{file}:{line}: tensor '{tensor}' listed twice</translation>
    </message>
    <message>
        <source>{file}: cannot open the calibration cache</source>
        <translation>{file}: cannot open the calibration cache</translation>
    </message>
    <message>
        <source>{file}: cannot write the calibration cache</source>
        <translation>{file}: cannot write the calibration cache</translation>
    </message>
    <message>
        <source>{file}: writing the calibration cache failed</source>
        <translation>{file}: writing the calibration cache failed</translation>
    </message>
    <message>
        <source>{file}: cannot write the calibration cache: {reason}</source>
        <translation>{file}: cannot write the calibration cache: {reason}</translation>
    </message>
    <message>
        <source>calibration: the reference executor cannot run the model: {cause}</source>
        <translation>calibration: the reference executor cannot run the model: {cause}</translation>
    </message>
    <message>
        <source>calibration: batch {batch}: {cause}</source>
        <translation>calibration: batch {batch}: {cause}</translation>
    </message>
    <message>
        <source>calibration.cache: &apos;{cache}&apos; was made by the {cacheCalibrator} calibrator, the config asks for {calibrator}; give calibration data to calibrate again</source>
        <translation>calibration.cache: '{cache}' was made by the {cacheCalibrator} calibrator, the config asks for {calibrator}; give calibration data to calibrate again</translation>
    </message>
    <message>
        <source>calibration cache {cache}: {count} of {total} tensors are not in the model</source>
        <translation>calibration cache {cache}: {count} of {total} tensors are not in the model</translation>
    </message>
    <message>
        <source>calibration cache {cache} was made by the {cacheCalibrator} calibrator: calibrating again with {calibrator}</source>
        <translation>calibration cache {cache} was made by the {cacheCalibrator} calibrator: calibrating again with {calibrator}</translation>
    </message>
    <message>
        <source>{count} ranges from {cache}</source>
        <translation>{count} ranges from {cache}</translation>
    </message>
    <message>
        <source>{file}: invalid JSON: {detail}</source>
        <translation>{file}: invalid JSON: {detail}</translation>
    </message>
    <message>
        <source>{file}: malformed result file: {detail}</source>
        <translation>{file}: malformed result file: {detail}</translation>
    </message>
    <message>
        <source>{file}: unknown comparison status &apos;{status}&apos;</source>
        <translation>{file}: unknown comparison status '{status}'</translation>
    </message>
    <message>
        <source>{file}: layer &apos;{layer}&apos; has {times} times but {endTimes} end times</source>
        <translation>{file}: layer '{layer}' has {times} times but {endTimes} end times</translation>
    </message>
    <message>
        <source>{file}: {cause}</source>
        <translation>{file}: {cause}</translation>
    </message>
    <message>
        <source>trace run {run} does not exist ({count} profiled runs)</source>
        <translation>trace run {run} does not exist ({count} profiled runs)</translation>
    </message>
    <message>
        <source>{file}: cannot open for writing: {reason}</source>
        <translation>{file}: cannot open for writing: {reason}</translation>
    </message>
    <message>
        <source>{file}: write failed</source>
        <translation>{file}: write failed</translation>
    </message>
    <message>
        <source>tensor: cannot compare string tensors</source>
        <translation>tensor: cannot compare string tensors</translation>
    </message>
    <message>
        <source>&apos;{name}&apos;: cannot compare string tensors</source>
        <translation>'{name}': cannot compare string tensors</translation>
    </message>
    <message>
        <source>engine output &apos;{output}&apos; is not an output of the model: was the engine built from another model?</source>
        <translation>engine output '{output}' is not an output of the model: was the engine built from another model?</translation>
    </message>
    <message>
        <source>a per-layer comparison needs a reference run that kept its intermediates</source>
        <translation>a per-layer comparison needs a reference run that kept its intermediates</translation>
    </message>
    <message>
        <source>the reference run was made on other inputs than the engine&apos;s</source>
        <translation>the reference run was made on other inputs than the engine's</translation>
    </message>
    <message>
        <source>profile run {run} names sample {sample} of layer {layer}, which does not exist</source>
        <translation>profile run {run} names sample {sample} of layer {layer}, which does not exist</translation>
    </message>
    <message>
        <source>--{flag}: expected a size such as 512M or 8G, got &apos;{text}&apos;</source>
        <translation>--{flag}: expected a size such as 512M or 8G, got '{text}'</translation>
    </message>
    <message>
        <source>--{flag}: expected an integer, got &apos;{text}&apos;</source>
        <translation>--{flag}: expected an integer, got '{text}'</translation>
    </message>
    <message>
        <source>--{flag}: {value} is out of range [{min}, {max}]</source>
        <translation>--{flag}: {value} is out of range [{min}, {max}]</translation>
    </message>
    <message>
        <source>--{flag}: expected a number, got &apos;{text}&apos;</source>
        <translation>--{flag}: expected a number, got '{text}'</translation>
    </message>
    <message>
        <source>--{flag}: {text} is below the minimum {min}</source>
        <translation>--{flag}: {text} is below the minimum {min}</translation>
    </message>
    <message>
        <source>{command}: unknown option &apos;{option}&apos; (see {command} --help)</source>
        <translation>{command}: unknown option '{option}' (see {command} --help)</translation>
    </message>
    <message>
        <source>--{flag} takes no value</source>
        <translation>--{flag} takes no value</translation>
    </message>
    <message>
        <source>--{flag} needs a value ({metavar})</source>
        <translation>--{flag} needs a value ({metavar})</translation>
    </message>
    <message>
        <source>--{flag} given more than once</source>
        <translation>--{flag} given more than once</translation>
    </message>
    <message>
        <source>{command}: missing argument; usage: {command} {usage}</source>
        <translation>{command}: missing argument; usage: {command} {usage}</translation>
    </message>
    <message>
        <source>{command}: unexpected argument &apos;{argument}&apos;; usage: {command} {usage}</source>
        <translation>{command}: unexpected argument '{argument}'; usage: {command} {usage}</translation>
    </message>
    <message>
        <source>--layer-precision &apos;{item}&apos;: expected NAME_OR_OPTYPE:PRECISION, e.g. Softmax:fp32</source>
        <translation>--layer-precision '{item}': expected NAME_OR_OPTYPE:PRECISION, e.g. Softmax:fp32</translation>
    </message>
    <message>
        <source>--layer-precision &apos;{item}&apos;: unknown precision &apos;{precision}&apos; (fp32, tf32, fp16, bf16, int8, fp8)</source>
        <translation>--layer-precision '{item}': unknown precision '{precision}' (fp32, tf32, fp16, bf16, int8, fp8)</translation>
    </message>
    <message>
        <source>--opt-shapes: no shape for input &apos;{input}&apos; (it has a --min-shapes or --max-shapes entry)</source>
        <translation>--opt-shapes: no shape for input '{input}' (it has a --min-shapes or --max-shapes entry)</translation>
    </message>
    <message>
        <source>--sparsity: expected disable, enable or force, got &apos;{value}&apos;</source>
        <translation>--sparsity: expected disable, enable or force, got '{value}'</translation>
    </message>
    <message>
        <source>--backend: expected one of {names}, got &apos;{value}&apos;</source>
        <translation>--backend: expected one of {names}, got '{value}'</translation>
    </message>
    <message>
        <source>--calibrator: expected entropy, minmax or percentile, got &apos;{value}&apos;</source>
        <translation>--calibrator: expected entropy, minmax or percentile, got '{value}'</translation>
    </message>
    <message>
        <source>--percentile: {value} is outside (0, 100]</source>
        <translation>--percentile: {value} is outside (0, 100]</translation>
    </message>
    <message>
        <source>--error-mode: expected elementwise or max-normalized, got &apos;{value}&apos;</source>
        <translation>--error-mode: expected elementwise or max-normalized, got '{value}'</translation>
    </message>
    <message>
        <source>--test-data takes inputs from the test data; don&apos;t combine it with --input or --shapes</source>
        <translation>--test-data takes inputs from the test data; don't combine it with --input or --shapes</translation>
    </message>
    <message>
        <source>--profile-index selects an engine&apos;s optimization profile; {file} is a model</source>
        <translation>--profile-index selects an engine's optimization profile; {file} is a model</translation>
    </message>
    <message>
        <source>--{flag}: the {target} has no input named &apos;{input}&apos;</source>
        <translation>--{flag}: the {target} has no input named '{input}'</translation>
    </message>
    <message>
        <source>--engine compares a built engine; the build flags apply only when compare builds one</source>
        <translation>--engine compares a built engine; the build flags apply only when compare builds one</translation>
    </message>
    <message>
        <source>{file}: the importer returned no graph</source>
        <translation>{file}: the importer returned no graph</translation>
    </message>
    <message>
        <source>--profile-index: optimization profile {index} does not exist (the engine has {count})</source>
        <translation>--profile-index: optimization profile {index} does not exist (the engine has {count})</translation>
    </message>
    <message>
        <source>unknown command &apos;{command}&apos; (commands: inspect, build, run, compare, help, version; see kiln --help)</source>
        <translation>unknown command '{command}' (commands: inspect, build, run, compare, help, version; see kiln --help)</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>cancelled</translation>
    </message>
    <message>
        <source>{field}: {cause}</source>
        <translation>{field}: {cause}</translation>
    </message>
    <message>
        <source>--{flag}: {cause}</source>
        <translation>--{flag}: {cause}</translation>
    </message>
    <message>
        <source>%1 layers, %2 bytes of weights, %3 bytes of activation memory</source>
        <translation>%1 layers, %2 bytes of weights, %3 bytes of activation memory</translation>
    </message>
    <message>
        <source>no %1 kernel for op %2</source>
        <translation>no %1 kernel for op %2</translation>
    </message>
    <message>
        <source>no %1 kernel for %2 in format %3</source>
        <translation>no %1 kernel for %2 in format %3</translation>
    </message>
    <message>
        <source>no %1 kernel for %2 at %3</source>
        <translation>no %1 kernel for %2 at %3</translation>
    </message>
    <message>
        <source>%1 kernel for %2 does not take %3 for input %4</source>
        <translation>%1 kernel for %2 does not take %3 for input %4</translation>
    </message>
    <message>
        <source>%1 kernel for %2 does not take %3</source>
        <translation>%1 kernel for %2 does not take %3</translation>
    </message>
    <message>
        <source>%1 kernel for %2 does not produce %3 (output %4)</source>
        <translation>%1 kernel for %2 does not produce %3 (output %4)</translation>
    </message>
    <message>
        <source>layer &apos;%1&apos; (from ONNX nodes %2) falls back to cpu: %3</source>
        <translation>layer '%1' (from ONNX nodes %2) falls back to cpu: %3</translation>
    </message>
    <message>
        <source>layer &apos;%1&apos; falls back to cpu: %2</source>
        <translation>layer '%1' falls back to cpu: %2</translation>
    </message>
    <message>
        <source>%1 more layers fall back to cpu</source>
        <translation>%1 more layers fall back to cpu</translation>
    </message>
    <message>
        <source>falls back to cpu: %1</source>
        <translation>falls back to cpu: %1</translation>
    </message>
    <message>
        <source>copies &apos;%1&apos; to %2</source>
        <translation>copies '%1' to %2</translation>
    </message>
    <message>
        <source>%1 -&gt; %2 for &apos;%3&apos;</source>
        <translation>%1 -&gt; %2 for '%3'</translation>
    </message>
    <message>
        <source>unknown backend &apos;%1&apos; (known: %2)</source>
        <translation>unknown backend '%1' (known: %2)</translation>
    </message>
    <message>
        <source>unknown backend &apos;%1&apos;</source>
        <translation>unknown backend '%1'</translation>
    </message>
    <message>
        <source>backend &apos;%1&apos; has no implementation</source>
        <translation>backend '%1' has no implementation</translation>
    </message>
    <message>
        <source>backend &apos;%1&apos; made nothing</source>
        <translation>backend '%1' made nothing</translation>
    </message>
    <message>
        <source>the %1 backend is not available: %2</source>
        <translation>the %1 backend is not available: %2</translation>
    </message>
    <message>
        <source>%1 is not a Kiln backend module (no kiln_register_backends)</source>
        <translation>%1 is not a Kiln backend module (no kiln_register_backends)</translation>
    </message>
    <message>
        <source>%1 was built for backend ABI %2, this Kiln has %3</source>
        <translation>%1 was built for backend ABI %2, this Kiln has %3</translation>
    </message>
    <message>
        <source>%1 did not register backend &apos;%2&apos;</source>
        <translation>%1 did not register backend '%2'</translation>
    </message>
    <message>
        <source>%1 was not found</source>
        <translation>%1 was not found</translation>
    </message>
    <message>
        <source>%1: cannot be loaded</source>
        <translation>%1: cannot be loaded</translation>
    </message>
    <message>
        <source>%1: cannot open shared object file: No such file or directory</source>
        <translation>%1: cannot open shared object file: No such file or directory</translation>
    </message>
    <message>
        <source>copy</source>
        <translation>copy</translation>
    </message>
    <message>
        <source>linear</source>
        <translation>linear</translation>
    </message>
    <message>
        <source>kernel</source>
        <translation>kernel</translation>
    </message>
    <message>
        <source>copy between devices</source>
        <translation>copy between devices</translation>
    </message>
    <message>
        <source>no CUDA device: %1 failed: %2</source>
        <translation>no CUDA device: %1 failed: %2</translation>
    </message>
    <message>
        <source>no CUDA device: %1 found none</source>
        <translation>no CUDA device: %1 found none</translation>
    </message>
    <message>
        <source>no %1 GPU (the CUDA kernels are built for %2 only): %3</source>
        <translation>no %1 GPU (the CUDA kernels are built for %2 only): %3</translation>
    </message>
    <message>
        <source>%1: CUDA driver version is insufficient for CUDA runtime version</source>
        <translation>%1: CUDA driver version is insufficient for CUDA runtime version</translation>
    </message>
    <message>
        <source>%1: no CUDA-capable device is detected</source>
        <translation>%1: no CUDA-capable device is detected</translation>
    </message>
    <message>
        <source>cannot resolve {what} &apos;{file}&apos;: {reason}</source>
        <translation>cannot resolve {what} '{file}': {reason}</translation>
    </message>
    <message>
        <source>{what}: external data {key} {text} is too large (over 2^63 - 1)</source>
        <translation>{what}: external data {key} {text} is too large (over 2^63 - 1)</translation>
    </message>
    <message>
        <source>fusion timing is off (timing.compareFusions)</source>
        <translation>fusion timing is off (timing.compareFusions)</translation>
    </message>
    <message>
        <source>its attributes have no exact unfused form</source>
        <translation>its attributes have no exact unfused form</translation>
    </message>
    <message>
        <source>an input is %1 (its unfused nodes would take fp32 constants)</source>
        <translation>an input is %1 (its unfused nodes would take fp32 constants)</translation>
    </message>
    <message>
        <source>the %1 backend has no %2 kernel</source>
        <translation>the %1 backend has no %2 kernel</translation>
    </message>
    <message>
        <source>no %1 kernel of its %2 applies</source>
        <translation>no %1 kernel of its %2 applies</translation>
    </message>
    <message>
        <source>its tactic needs more scratch than the workspace limit</source>
        <translation>its tactic needs more scratch than the workspace limit</translation>
    </message>
    <message>
        <source>its %1 needs more scratch than the workspace limit</source>
        <translation>its %1 needs more scratch than the workspace limit</translation>
    </message>
    <message>
        <source>its unfused nodes failed: %1</source>
        <translation>its unfused nodes failed: %1</translation>
    </message>
    <message>
        <source>INT8 folding</source>
        <translation>INT8 folding</translation>
    </message>
    <message>
        <source>Fold Q/DQ into INT8 layers</source>
        <translation>Fold Q/DQ into INT8 layers</translation>
    </message>
    <message>
        <source>Move activation above reshape</source>
        <translation>Move activation above reshape</translation>
    </message>
    <message>
        <source>Move residual add above reshape</source>
        <translation>Move residual add above reshape</translation>
    </message>
    <message>
        <source>Common subexpression elimination</source>
        <translation>Common subexpression elimination</translation>
    </message>
    <message>
        <source>Merge equal constants</source>
        <translation>Merge equal constants</translation>
    </message>
    <message>
        <source>Gather quantized rows before DequantizeLinear</source>
        <translation>Gather quantized rows before DequantizeLinear</translation>
    </message>
    <message>
        <source>Move data as 8-bit between Q/DQ</source>
        <translation>Move data as 8-bit between Q/DQ</translation>
    </message>
    <message>
        <source>Move row transpose above matmul</source>
        <translation>Move row transpose above matmul</translation>
    </message>
    <message>
        <source>Fold Q/DQ residual add into an INT8 add</source>
        <translation>Fold Q/DQ residual add into an INT8 add</translation>
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
    <message>
        <source>Kiln engines (*.kiln *.engine *.plan);;All files (*)</source>
        <translation>Kiln engines (*.kiln *.engine *.plan);;All files (*)</translation>
    </message>
    <message>
        <source>Engine written to %1</source>
        <translation>Engine written to %1</translation>
    </message>
    <message>
        <source>Cannot Export Engine</source>
        <translation>Cannot Export Engine</translation>
    </message>
    <message>
        <source>Build settings (*.json);;All files (*)</source>
        <translation>Build settings (*.json);;All files (*)</translation>
    </message>
    <message>
        <source>Cannot Load Build Settings</source>
        <translation>Cannot Load Build Settings</translation>
    </message>
    <message>
        <source>Build settings written to %1 (kiln build --config accepts it)</source>
        <translation>Build settings written to %1 (kiln build --config accepts it)</translation>
    </message>
    <message>
        <source>Cannot Save Build Settings</source>
        <translation>Cannot Save Build Settings</translation>
    </message>
    <message>
        <source>Written: %1</source>
        <translation>Written: %1</translation>
    </message>
    <message>
        <source>Cannot Export the Profile</source>
        <translation>Cannot Export the Profile</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG images (*.png)</translation>
    </message>
    <message>
        <source>%1: cannot write the image</source>
        <translation>%1: cannot write the image</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV files (*.csv)</translation>
    </message>
    <message>
        <source>trtexec profile JSON (*.json)</source>
        <translation>trtexec profile JSON (*.json)</translation>
    </message>
    <message>
        <source>Keep Layer in FP32</source>
        <translation>Keep Layer in FP32</translation>
    </message>
    <message>
        <source>Select a layer in the accuracy table first.</source>
        <translation>Select a layer in the accuracy table first.</translation>
    </message>
    <message>
        <source>Added an FP32 override for %1; rebuilding…</source>
        <translation>Added an FP32 override for %1; rebuilding…</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON files (*.json)</translation>
    </message>
    <message>
        <source>Cannot Export the Comparison</source>
        <translation>Cannot Export the Comparison</translation>
    </message>
    <message>
        <source>Kiln Studio workspaces (*.kilnws *.json);;All files (*)</source>
        <translation>Kiln Studio workspaces (*.kilnws *.json);;All files (*)</translation>
    </message>
    <message>
        <source>Cannot Open Workspace</source>
        <translation>Cannot Open Workspace</translation>
    </message>
    <message>
        <source>Kiln Studio workspaces (*.kilnws)</source>
        <translation>Kiln Studio workspaces (*.kilnws)</translation>
    </message>
    <message>
        <source>Cannot Save Workspace</source>
        <translation>Cannot Save Workspace</translation>
    </message>
    <message numerus="yes">
        <source>Engine built: %n layer(s).</source>
        <translation>
            <numerusform>Engine built: %n layer.</numerusform>
            <numerusform>Engine built: %n layers.</numerusform>
        </translation>
    </message>
    <message>
        <source>Graph</source>
        <translation>Graph</translation>
    </message>
    <message>
        <source>Fusion</source>
        <translation>Fusion</translation>
    </message>
    <message>
        <source>Profiler</source>
        <translation>Profiler</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>Accuracy</translation>
    </message>
    <message>
        <source>Build</source>
        <translation>Build</translation>
    </message>
    <message>
        <source>Build Panel</source>
        <translation>Build Panel</translation>
    </message>
    <message>
        <source>&amp;Build</source>
        <translation>&amp;Build</translation>
    </message>
    <message>
        <source>&amp;Analyze</source>
        <translation>&amp;Analyze</translation>
    </message>
    <message>
        <source>&amp;Build Engine</source>
        <translation>&amp;Build Engine</translation>
    </message>
    <message>
        <source>&amp;Cancel Build</source>
        <translation>&amp;Cancel Build</translation>
    </message>
    <message>
        <source>&amp;Export Engine…</source>
        <translation>&amp;Export Engine…</translation>
    </message>
    <message>
        <source>&amp;Load Build Settings…</source>
        <translation>&amp;Load Build Settings…</translation>
    </message>
    <message>
        <source>&amp;Save Build Settings…</source>
        <translation>&amp;Save Build Settings…</translation>
    </message>
    <message>
        <source>&amp;Profile Engine</source>
        <translation>&amp;Profile Engine</translation>
    </message>
    <message>
        <source>Export Chart as PNG…</source>
        <translation>Export Chart as PNG…</translation>
    </message>
    <message>
        <source>Export Profile as CSV…</source>
        <translation>Export Profile as CSV…</translation>
    </message>
    <message>
        <source>Export Profile as JSON (trtexec)…</source>
        <translation>Export Profile as JSON (trtexec)…</translation>
    </message>
    <message>
        <source>&amp;Compare with Reference</source>
        <translation>&amp;Compare with Reference</translation>
    </message>
    <message>
        <source>&amp;Keep Layer in FP32 and Rebuild</source>
        <translation>&amp;Keep Layer in FP32 and Rebuild</translation>
    </message>
    <message>
        <source>Export Comparison as JSON…</source>
        <translation>Export Comparison as JSON…</translation>
    </message>
    <message>
        <source>Open &amp;Workspace…</source>
        <translation>Open &amp;Workspace…</translation>
    </message>
    <message>
        <source>&amp;Save Workspace…</source>
        <translation>&amp;Save Workspace…</translation>
    </message>
    <message>
        <source>Workspace written to %1</source>
        <translation>Workspace written to %1</translation>
    </message>
    <message>
        <source>%1: not a workspace file (%2)</source>
        <translation>%1: not a workspace file (%2)</translation>
    </message>
    <message>
        <source>%1: not a Kiln Studio workspace</source>
        <translation>%1: not a Kiln Studio workspace</translation>
    </message>
    <message>
        <source>%1: written by a newer Kiln Studio (version %2)</source>
        <translation>%1: written by a newer Kiln Studio (version %2)</translation>
    </message>
    <message>
        <source>%1: the model %2 does not exist</source>
        <translation>%1: the model %2 does not exist</translation>
    </message>
    <message>
        <source>&amp;Open Model or Engine…</source>
        <translation>&amp;Open Model or Engine…</translation>
    </message>
    <message>
        <source>Open Model or Engine</source>
        <translation>Open Model or Engine</translation>
    </message>
    <message>
        <source>Models and engines (*.onnx *.engine *.plan *.kiln);;ONNX models (*.onnx);;Kiln engines (*.engine *.plan *.kiln);;All files (*)</source>
        <translation>Models and engines (*.onnx *.engine *.plan *.kiln);;ONNX models (*.onnx);;Kiln engines (*.engine *.plan *.kiln);;All files (*)</translation>
    </message>
    <message>
        <source>Cannot Open File</source>
        <translation>Cannot Open File</translation>
    </message>
    <message>
        <source>Ready. Open an ONNX model or a Kiln engine to begin.</source>
        <translation>Ready. Open an ONNX model or a Kiln engine to begin.</translation>
    </message>
    <message>
        <source>%1: Kiln engine, %2 layers (%3)</source>
        <translation>%1: Kiln engine, %2 layers (%3)</translation>
    </message>
    <message>
        <source>Compare Builds</source>
        <translation>Compare Builds</translation>
    </message>
    <message>
        <source>Cannot Compare Builds</source>
        <translation>Cannot Compare Builds</translation>
    </message>
    <message>
        <source>Cannot Export the Build Comparison</source>
        <translation>Cannot Export the Build Comparison</translation>
    </message>
    <message>
        <source>Cannot Export the Graph</source>
        <translation>Cannot Export the Graph</translation>
    </message>
    <message>
        <source>SVG images (*.svg)</source>
        <translation>SVG images (*.svg)</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;Export</translation>
    </message>
    <message>
        <source>Compare &amp;Builds</source>
        <translation>Compare &amp;Builds</translation>
    </message>
    <message>
        <source>Build A and B, profile both, compare both with the reference, and match their layers by ONNX provenance</source>
        <translation>Build A and B, profile both, compare both with the reference, and match their layers by ONNX provenance</translation>
    </message>
    <message>
        <source>Cancel Build Comparison</source>
        <translation>Cancel Build Comparison</translation>
    </message>
    <message>
        <source>Export Build Comparison as CSV…</source>
        <translation>Export Build Comparison as CSV…</translation>
    </message>
    <message>
        <source>Export Graph as SVG…</source>
        <translation>Export Graph as SVG…</translation>
    </message>
    <message>
        <source>Export Graph as PNG…</source>
        <translation>Export Graph as PNG…</translation>
    </message>
    <message>
        <source>Export Optimized Graph as SVG…</source>
        <translation>Export Optimized Graph as SVG…</translation>
    </message>
    <message>
        <source>Export Optimized Graph as PNG…</source>
        <translation>Export Optimized Graph as PNG…</translation>
    </message>
    <message>
        <source>graph</source>
        <translation>graph</translation>
    </message>
    <message>
        <source>optimized graph (level %1)</source>
        <translation>optimized graph (level %1)</translation>
    </message>
    <message>
        <source>Needs the ONNX model: an engine file is already optimized.</source>
        <translation>Needs the ONNX model: an engine file is already optimized.</translation>
    </message>
    <message>
        <source>Chrome trace JSON (*.json)</source>
        <translation>Chrome trace JSON (*.json)</translation>
    </message>
    <message>
        <source>Export Profile as Chrome Trace…</source>
        <translation>Export Profile as Chrome Trace…</translation>
    </message>
    <message>
        <source>Cannot Restore Workspace Results</source>
        <translation>Cannot Restore Workspace Results</translation>
    </message>
    <message>
        <source>Cannot Restore Workspace Build Settings</source>
        <translation>Cannot Restore Workspace Build Settings</translation>
    </message>
    <message>
        <source>The workspace&apos;s build settings do not fit this model: %1</source>
        <translation>The workspace's build settings do not fit this model: %1</translation>
    </message>
    <message>
        <source>&amp;Documentation</source>
        <translation>&amp;Documentation</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>&amp;Keyboard Shortcuts</translation>
    </message>
    <message>
        <source>%1 (engine) — %2 — Kiln Studio</source>
        <translation>%1 (engine) — %2 — Kiln Studio</translation>
    </message>
    <message>
        <source>%1[*] — %2 — Kiln Studio</source>
        <translation>%1[*] — %2 — Kiln Studio</translation>
    </message>
    <message>
        <source>(documentation not found)</source>
        <translation>(documentation not found)</translation>
    </message>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>Keyboard Shortcuts</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>Shortcut</translation>
    </message>
    <message>
        <source>P&amp;rune to 2:4…</source>
        <translation>P&amp;rune to 2:4…</translation>
    </message>
    <message>
        <source>Magnitude-prune chosen Conv, Gemm and MatMul weights to 2:4 structured sparsity, write a new ONNX model and show the accuracy effect (kiln prune)</source>
        <translation>Magnitude-prune chosen Conv, Gemm and MatMul weights to 2:4 structured sparsity, write a new ONNX model and show the accuracy effect (kiln prune)</translation>
    </message>
    <message>
        <source>Compare &amp;Engine Files…</source>
        <translation>Compare &amp;Engine Files…</translation>
    </message>
    <message>
        <source>Profile two engine files on the chosen inputs, compare their outputs and match their layers by ONNX provenance</source>
        <translation>Profile two engine files on the chosen inputs, compare their outputs and match their layers by ONNX provenance</translation>
    </message>
    <message>
        <source>Compare with Engine &amp;File…</source>
        <translation>Compare with Engine &amp;File…</translation>
    </message>
    <message>
        <source>Build the open model at level 0 with an engine file&apos;s settings and compare both with the reference on the chosen inputs</source>
        <translation>Build the open model at level 0 with an engine file's settings and compare both with the reference on the chosen inputs</translation>
    </message>
    <message>
        <source>The workspace&apos;s test data set %1 is not there any more: the inputs are seeded random data (seed %2).</source>
        <translation>The workspace's test data set %1 is not there any more: the inputs are seeded random data (seed %2).</translation>
    </message>
    <message>
        <source>The workspace&apos;s input file %1 is not there any more: the inputs are seeded random data (seed %2).</source>
        <translation>The workspace's input file %1 is not there any more: the inputs are seeded random data (seed %2).</translation>
    </message>
    <message>
        <source>The workspace&apos;s shape for input “%1” is not used: the model has no such input.</source>
        <translation>The workspace's shape for input “%1” is not used: the model has no such input.</translation>
    </message>
    <message>
        <source>Workspace Inputs</source>
        <translation>Workspace Inputs</translation>
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
    <name>kiln::studio::PrecisionDebugModel</name>
    <message>
        <source>The tolerance is out of reach: even with every layer in FP32 the outputs miss it (max norm %1 on “%2”, limit %3). Loosen the max norm above and search again.</source>
        <translation>The tolerance is out of reach: even with every layer in FP32 the outputs miss it (max norm %1 on “%2”, limit %3). Loosen the max norm above and search again.</translation>
    </message>
    <message>
        <source>There is no search result to save.</source>
        <translation>There is no search result to save.</translation>
    </message>
    <message>
        <source>every layer in %1</source>
        <translation>every layer in %1</translation>
    </message>
    <message>
        <source>every candidate layer in FP32</source>
        <translation>every candidate layer in FP32</translation>
    </message>
    <message numerus="yes">
        <source>the top %n layer(s) of the ranking in FP32</source>
        <translation>
            <numerusform>the top %n layer of the ranking in FP32</numerusform>
            <numerusform>the top %n layers of the ranking in FP32</numerusform>
        </translation>
    </message>
    <message>
        <source>layer %1 back in %2, the other pins kept</source>
        <translation>layer %1 back in %2, the other pins kept</translation>
    </message>
    <message>
        <source>%1. %2: %3, max norm %4 on “%5”</source>
        <translation>%1. %2: %3, max norm %4 on “%5”</translation>
    </message>
    <message>
        <source>pass</source>
        <translation>pass</translation>
    </message>
    <message>
        <source>FAIL</source>
        <translation>FAIL</translation>
    </message>
    <message>
        <source>Running the reference and building the engine…</source>
        <translation>Running the reference and building the engine…</translation>
    </message>
    <message>
        <source>Trial %1: %2…</source>
        <translation>Trial %1: %2…</translation>
    </message>
    <message>
        <source>Trial %1 of at most %2: %3…</source>
        <translation>Trial %1 of at most %2: %3…</translation>
    </message>
</context>
<context>
    <name>kiln::studio::PrecisionDebugPanel</name>
    <message numerus="yes">
        <source>Applied: %n FP32 override(s) in the build settings.</source>
        <translation>
            <numerusform>Applied: %n FP32 override in the build settings.</numerusform>
            <numerusform>Applied: %n FP32 overrides in the build settings.</numerusform>
        </translation>
    </message>
    <message>
        <source>Rebuilding and comparing again…</source>
        <translation>Rebuilding and comparing again…</translation>
    </message>
    <message>
        <source>Save Overrides</source>
        <translation>Save Overrides</translation>
    </message>
    <message>
        <source>Build settings (*.json);;All files (*)</source>
        <translation>Build settings (*.json);;All files (*)</translation>
    </message>
    <message>
        <source>Written: %1 (kiln build --config reads it).</source>
        <translation>Written: %1 (kiln build --config reads it).</translation>
    </message>
    <message>
        <source>Cannot write the overrides: %1</source>
        <translation>Cannot write the overrides: %1</translation>
    </message>
    <message>
        <source>Layer to keep in FP32</source>
        <translation>Layer to keep in FP32</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Own error</source>
        <translation>Own error</translation>
    </message>
    <message>
        <source>The layer&apos;s worst output max norm minus the worst of its inputs&apos; in the run with every layer in the reduced precision: the error the layer adds itself (Inf where it makes the first NaN or Inf).</source>
        <translation>The layer's worst output max norm minus the worst of its inputs' in the run with every layer in the reduced precision: the error the layer adds itself (Inf where it makes the first NaN or Inf).</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Stop the search before its next trial.</source>
        <translation>Stop the search before its next trial.</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Apply</translation>
    </message>
    <message>
        <source>Put these FP32 overrides into the build settings, replacing overrides of the same ONNX nodes and keeping the others. A comparison shown above is rebuilt and run again.</source>
        <translation>Put these FP32 overrides into the build settings, replacing overrides of the same ONNX nodes and keeping the others. A comparison shown above is rebuilt and run again.</translation>
    </message>
    <message>
        <source>Save Overrides…</source>
        <translation>Save Overrides…</translation>
    </message>
    <message>
        <source>Write the build settings with these overrides to a file that kiln build --config and Kiln Studio&apos;s Load Build Settings read (as kiln debug-precision --save-overrides).</source>
        <translation>Write the build settings with these overrides to a file that kiln build --config and Kiln Studio's Load Build Settings read (as kiln debug-precision --save-overrides).</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Drop this search result.</source>
        <translation>Drop this search result.</translation>
    </message>
    <message>
        <source>%1 rounding emulated on the CPU</source>
        <translation>%1 rounding emulated on the CPU</translation>
    </message>
    <message>
        <source>Finding the layers to keep in FP32 so that the %1 engine&apos;s outputs stay within max norm %2 (%3).</source>
        <translation>Finding the layers to keep in FP32 so that the %1 engine's outputs stay within max norm %2 (%3).</translation>
    </message>
    <message>
        <source>Search failed: %1</source>
        <translation>Search failed: %1</translation>
    </message>
    <message numerus="yes">
        <source>Search cancelled after %n trial(s); nothing was applied.</source>
        <translation>
            <numerusform>Search cancelled after %n trial; nothing was applied.</numerusform>
            <numerusform>Search cancelled after %n trials; nothing was applied.</numerusform>
        </translation>
    </message>
    <message>
        <source>The whole engine passes in %1 as is: no layer needs FP32 (max norm %2, limit %3).</source>
        <translation>The whole engine passes in %1 as is: no layer needs FP32 (max norm %2, limit %3).</translation>
    </message>
    <message numerus="yes">
        <source>Keep %n layer(s) in FP32, the rest in %1: max norm %2, limit %3.</source>
        <translation>
            <numerusform>Keep %n layer in FP32, the rest in %1: max norm %2, limit %3.</numerusform>
            <numerusform>Keep %n layers in FP32, the rest in %1: max norm %2, limit %3.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n ONNX node(s) to override, listed below.</source>
        <translation>
            <numerusform>%n ONNX node to override, listed below.</numerusform>
            <numerusform>%n ONNX nodes to override, listed below.</numerusform>
        </translation>
    </message>
    <message>
        <source>Trials: %1 of at most %2 (%3 candidate layers); builds: %4.</source>
        <translation>Trials: %1 of at most %2 (%3 candidate layers); builds: %4.</translation>
    </message>
    <message>
        <source>An estimate from %1 rounding emulated on the CPU, not a GPU run: on a GPU, build in %1 with these overrides and compare again.</source>
        <translation>An estimate from %1 rounding emulated on the CPU, not a GPU run: on a GPU, build in %1 with these overrides and compare again.</translation>
    </message>
    <message>
        <source>No layer pinned to FP32.</source>
        <translation>No layer pinned to FP32.</translation>
    </message>
    <message>
        <source>Pinned to FP32: %1</source>
        <translation>Pinned to FP32: %1</translation>
    </message>
    <message>
        <source>Output max norm %1 minus input max norm %2, every layer in %3.</source>
        <translation>Output max norm %1 minus input max norm %2, every layer in %3.</translation>
    </message>
    <message>
        <source>ONNX node names</source>
        <translation>ONNX node names</translation>
    </message>
    <message>
        <source>one %1 build on %2 per trial</source>
        <translation>one %1 build on %2 per trial</translation>
    </message>
</context>
<context>
    <name>kiln::studio::ProfileModel</name>
    <message>
        <source>From ONNX nodes:</source>
        <translation>From ONNX nodes:</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>Layer</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>Precision</translation>
    </message>
    <message>
        <source>Tactic</source>
        <translation>Tactic</translation>
    </message>
    <message>
        <source>ONNX nodes</source>
        <translation>ONNX nodes</translation>
    </message>
    <message>
        <source>Median (ms)</source>
        <translation>Median (ms)</translation>
    </message>
    <message>
        <source>%</source>
        <translation>%</translation>
    </message>
    <message>
        <source>%1 ms median, %2 % of the run</source>
        <translation>%1 ms median, %2 % of the run</translation>
    </message>
    <message>
        <source>%1 ms (share of layer %2), %3 %</source>
        <translation>%1 ms (share of layer %2), %3 %</translation>
    </message>
    <message>
        <source>There is no profile yet.</source>
        <translation>There is no profile yet.</translation>
    </message>
    <message>
        <source>Backend</source>
        <translation>Backend</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Backend: %1</source>
        <translation>Backend: %1</translation>
    </message>
    <message>
        <source>Format: %1</source>
        <translation>Format: %1</translation>
    </message>
</context>
<context>
    <name>kiln::studio::ProfilerView</name>
    <message>
        <source>Export</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>Warm-up:</source>
        <translation>Warm-up:</translation>
    </message>
    <message>
        <source>Iterations:</source>
        <translation>Iterations:</translation>
    </message>
    <message>
        <source>Top N:</source>
        <translation>Top N:</translation>
    </message>
    <message>
        <source>Heat map on the graphs</source>
        <translation>Heat map on the graphs</translation>
    </message>
    <message>
        <source>Colour graph nodes by time: layers on the optimized graph, and their ONNX source nodes (time shared among them) on the original graph.</source>
        <translation>Colour graph nodes by time: layers on the optimized graph, and their ONNX source nodes (time shared among them) on the original graph.</translation>
    </message>
    <message>
        <source>Top layers</source>
        <translation>Top layers</translation>
    </message>
    <message>
        <source>Time by layer type</source>
        <translation>Time by layer type</translation>
    </message>
    <message>
        <source>Timeline of one inference</source>
        <translation>Timeline of one inference</translation>
    </message>
    <message>
        <source>Profiling failed: %1</source>
        <translation>Profiling failed: %1</translation>
    </message>
    <message>
        <source>Engine ready. Run the profiler to time every layer.</source>
        <translation>Engine ready. Run the profiler to time every layer.</translation>
    </message>
    <message>
        <source>Build an engine first (Build panel), then profile it here.</source>
        <translation>Build an engine first (Build panel), then profile it here.</translation>
    </message>
    <message>
        <source>No profile yet</source>
        <translation>No profile yet</translation>
    </message>
    <message>
        <source>median ms</source>
        <translation>median ms</translation>
    </message>
    <message>
        <source>ms per inference (sum of medians)</source>
        <translation>ms per inference (sum of medians)</translation>
    </message>
    <message>
        <source>ms from the start of the inference (drag and scroll to zoom)</source>
        <translation>ms from the start of the inference (drag and scroll to zoom)</translation>
    </message>
    <message>
        <source>By layer type</source>
        <translation>By layer type</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Timeline</translation>
    </message>
    <message>
        <source>Profiling: %1 warm-up runs, %2 end-to-end runs, then %2 profiled runs…</source>
        <translation>Profiling: %1 warm-up runs, %2 end-to-end runs, then %2 profiled runs…</translation>
    </message>
    <message>
        <source>End to end (median of %1 runs): %2 ms</source>
        <translation>End to end (median of %1 runs): %2 ms</translation>
    </message>
    <message>
        <source>Sum of layer medians: %1 ms (each layer timed alone)</source>
        <translation>Sum of layer medians: %1 ms (each layer timed alone)</translation>
    </message>
    <message numerus="yes">
        <source>%n layer(s), %1 profiled runs</source>
        <translation>
            <numerusform>%n layer, %1 profiled runs</numerusform>
            <numerusform>%n layers, %1 profiled runs</numerusform>
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
    <message>
        <source>Engine layer</source>
        <translation>Engine layer</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Tactic</source>
        <translation>Tactic</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>Precision</translation>
    </message>
    <message>
        <source>Tactic time</source>
        <translation>Tactic time</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>not timed</source>
        <translation>not timed</translation>
    </message>
    <message>
        <source>Plugin version</source>
        <translation>Plugin version</translation>
    </message>
    <message>
        <source>INT8 dynamic ranges (%1)</source>
        <translation>INT8 dynamic ranges (%1)</translation>
    </message>
    <message>
        <source>in: %1</source>
        <translation>in: %1</translation>
    </message>
    <message>
        <source>out: %1</source>
        <translation>out: %1</translation>
    </message>
    <message>
        <source>no calibrated tensor</source>
        <translation>no calibrated tensor</translation>
    </message>
    <message>
        <source>Backend</source>
        <translation>Backend</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>%1 (default)</source>
        <translation>%1 (default)</translation>
    </message>
    <message>
        <source>Not set by the node: the ONNX schema&apos;s default value</source>
        <translation>Not set by the node: the ONNX schema's default value</translation>
    </message>
    <message>
        <source>Outer-scope value</source>
        <translation>Outer-scope value</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>Scope</translation>
    </message>
    <message>
        <source>read from the enclosing graph</source>
        <translation>read from the enclosing graph</translation>
    </message>
    <message>
        <source>Bodies (%1)</source>
        <translation>Bodies (%1)</translation>
    </message>
    <message numerus="yes">
        <source>%n node(s)</source>
        <translation>
            <numerusform>%n node</numerusform>
            <numerusform>%n nodes</numerusform>
        </translation>
    </message>
    <message>
        <source>Double-click to open this body in the graph</source>
        <translation>Double-click to open this body in the graph</translation>
    </message>
    <message>
        <source>Outer-scope values (%1)</source>
        <translation>Outer-scope values (%1)</translation>
    </message>
    <message>
        <source>[outer scope]</source>
        <translation>[outer scope]</translation>
    </message>
</context>
<context>
    <name>kiln::studio::PruneDialog</name>
    <message>
        <source>Write the Pruned Model To</source>
        <translation>Write the Pruned Model To</translation>
    </message>
    <message>
        <source>ONNX models (*.onnx);;All files (*)</source>
        <translation>ONNX models (*.onnx);;All files (*)</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>Reading the weights…</source>
        <translation>Reading the weights…</translation>
    </message>
    <message>
        <source>already 2:4</source>
        <translation>already 2:4</translation>
    </message>
    <message>
        <source>Check at least one layer to prune.</source>
        <translation>Check at least one layer to prune.</translation>
    </message>
    <message>
        <source>%1 is the open model: write the pruned model to another file.</source>
        <translation>%1 is the open model: write the pruned model to another file.</translation>
    </message>
    <message>
        <source>Replace File?</source>
        <translation>Replace File?</translation>
    </message>
    <message>
        <source>%1 exists. Replace it with the pruned model?</source>
        <translation>%1 exists. Replace it with the pruned model?</translation>
    </message>
    <message>
        <source>Cancelled: the pruned model was written to %1, its accuracy was not measured.</source>
        <translation>Cancelled: the pruned model was written to %1, its accuracy was not measured.</translation>
    </message>
    <message>
        <source>Cancelled: nothing was written.</source>
        <translation>Cancelled: nothing was written.</translation>
    </message>
    <message numerus="yes">
        <source>Pruned %n layer(s) to 2:4 (the 2 largest |w| of every 4 along the reduction dimension) and wrote %1.</source>
        <translation>
            <numerusform>Pruned %n layer to 2:4 (the 2 largest |w| of every 4 along the reduction dimension) and wrote %1.</numerusform>
            <numerusform>Pruned %n layers to 2:4 (the 2 largest |w| of every 4 along the reduction dimension) and wrote %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>Accuracy: every output of the pruned model is within tolerance of the original.</source>
        <translation>Accuracy: every output of the pruned model is within tolerance of the original.</translation>
    </message>
    <message numerus="yes">
        <source>Accuracy: %n output(s) of the pruned model outside tolerance of the original. Informative: pruning without fine-tuning changes the outputs.</source>
        <translation>
            <numerusform>Accuracy: %n output of the pruned model outside tolerance of the original. Informative: pruning without fine-tuning changes the outputs.</numerusform>
            <numerusform>Accuracy: %n outputs of the pruned model outside tolerance of the original. Informative: pruning without fine-tuning changes the outputs.</numerusform>
        </translation>
    </message>
    <message>
        <source>Rule: max norm error ≤ %1.</source>
        <translation>Rule: max norm error ≤ %1.</translation>
    </message>
    <message>
        <source>Rule: max norm error ≤ %1 (fp32).</source>
        <translation>Rule: max norm error ≤ %1 (fp32).</translation>
    </message>
    <message>
        <source>Rule: elementwise, atol %1, rtol %2.</source>
        <translation>Rule: elementwise, atol %1, rtol %2.</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n layer(s) with a weight (Conv, Gemm, MatMul), %2 eligible for 2:4 along the reduction dimension, %3 already 2:4; %4 checked.</source>
        <translation>
            <numerusform>%1: %n layer with a weight (Conv, Gemm, MatMul), %2 eligible for 2:4 along the reduction dimension, %3 already 2:4; %4 checked.</numerusform>
            <numerusform>%1: %n layers with a weight (Conv, Gemm, MatMul), %2 eligible for 2:4 along the reduction dimension, %3 already 2:4; %4 checked.</numerusform>
        </translation>
    </message>
    <message>
        <source>Pruning failed: %1</source>
        <translation>Pruning failed: %1</translation>
    </message>
    <message>
        <source>Cannot read the model&apos;s weights: %1</source>
        <translation>Cannot read the model's weights: %1</translation>
    </message>
    <message>
        <source>Prune to 2:4</source>
        <translation>Prune to 2:4</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>Layer</translation>
    </message>
    <message>
        <source>Op</source>
        <translation>Op</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>Weight</translation>
    </message>
    <message>
        <source>Shape</source>
        <translation>Shape</translation>
    </message>
    <message>
        <source>Grouped along</source>
        <translation>Grouped along</translation>
    </message>
    <message>
        <source>2:4 groups</source>
        <translation>2:4 groups</translation>
    </message>
    <message>
        <source>Zeros</source>
        <translation>Zeros</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Check All Prunable</source>
        <translation>Check All Prunable</translation>
    </message>
    <message>
        <source>Uncheck All</source>
        <translation>Uncheck All</translation>
    </message>
    <message>
        <source>Write to:</source>
        <translation>Write to:</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>&amp;Prune</source>
        <translation>&amp;Prune</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>&amp;Open Pruned Model</source>
        <translation>&amp;Open Pruned Model</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Both models ran in FP32 on the CPU reference on the same seeded random inputs.</source>
        <translation>Both models ran in FP32 on the CPU reference on the same seeded random inputs.</translation>
    </message>
</context>
<context>
    <name>kiln::studio::PruneModel</name>
    <message>
        <source>no weight input</source>
        <translation>no weight input</translation>
    </message>
    <message>
        <source>weight &apos;%1&apos; is not an initializer (computed or a graph input)</source>
        <translation>weight '%1' is not an initializer (computed or a graph input)</translation>
    </message>
    <message>
        <source>weight &apos;%1&apos; is also a graph input, so a run may replace it</source>
        <translation>weight '%1' is also a graph input, so a run may replace it</translation>
    </message>
    <message>
        <source>weight &apos;%1&apos; is %2, not floating point</source>
        <translation>weight '%1' is %2, not floating point</translation>
    </message>
    <message>
        <source>weight &apos;%1&apos; has rank %2</source>
        <translation>weight '%1' has rank %2</translation>
    </message>
    <message>
        <source>%1 is not a multiple of 4</source>
        <translation>%1 is not a multiple of 4</translation>
    </message>
    <message>
        <source>weight &apos;%1&apos; is read by %2 nodes; pruning it would change them all</source>
        <translation>weight '%1' is read by %2 nodes; pruning it would change them all</translation>
    </message>
    <message>
        <source>Pruning and writing the model…</source>
        <translation>Pruning and writing the model…</translation>
    </message>
    <message>
        <source>Running the original model…</source>
        <translation>Running the original model…</translation>
    </message>
    <message>
        <source>Running the pruned model…</source>
        <translation>Running the pruned model…</translation>
    </message>
    <message>
        <source>Choose the file to write the pruned model to.</source>
        <translation>Choose the file to write the pruned model to.</translation>
    </message>
    <message>
        <source>%1 is the open model: write the pruned model to another file.</source>
        <translation>%1 is the open model: write the pruned model to another file.</translation>
    </message>
</context>
<context>
    <name>kiln::studio::RunInputChooser</name>
    <message>
        <source>Inputs:</source>
        <translation>Inputs:</translation>
    </message>
    <message>
        <source>Seeded random</source>
        <translation>Seeded random</translation>
    </message>
    <message>
        <source>Test data set</source>
        <translation>Test data set</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Files</translation>
    </message>
    <message>
        <source>What the profiler and the accuracy comparison run on: seeded random data at a shape within the engine&apos;s profile, a test_data_set_* folder next to the model, or .npy/.pb files.</source>
        <translation>What the profiler and the accuracy comparison run on: seeded random data at a shape within the engine's profile, a test_data_set_* folder next to the model, or .npy/.pb files.</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>Seed:</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>Choose .npy or .pb files, one per input (a file named after an input feeds it).</source>
        <translation>Choose .npy or .pb files, one per input (a file named after an input feeds it).</translation>
    </message>
    <message>
        <source>The test_data_set_* folders next to the model.</source>
        <translation>The test_data_set_* folders next to the model.</translation>
    </message>
    <message>
        <source>none next to the model</source>
        <translation>none next to the model</translation>
    </message>
    <message>
        <source>no files chosen</source>
        <translation>no files chosen</translation>
    </message>
    <message>
        <source>The shape &apos;%1&apos; for input &apos;%2&apos; is not dims like %3.</source>
        <translation>The shape '%1' for input '%2' is not dims like %3.</translation>
    </message>
    <message>
        <source>%1 is outside the engine&apos;s profile for %2 (min %3, max %4).</source>
        <translation>%1 is outside the engine's profile for %2 (min %3, max %4).</translation>
    </message>
    <message>
        <source>Shape of %1 for seeded random data, between %2 and %3 (the engine&apos;s profile); empty: %4.</source>
        <translation>Shape of %1 for seeded random data, between %2 and %3 (the engine's profile); empty: %4.</translation>
    </message>
    <message>
        <source>Choose Input Files</source>
        <translation>Choose Input Files</translation>
    </message>
    <message>
        <source>Tensors (*.npy *.pb);;All files (*)</source>
        <translation>Tensors (*.npy *.pb);;All files (*)</translation>
    </message>
</context>
<context>
    <name>kiln::studio::RunInputs</name>
    <message>
        <source>Input: %1, shape %2</source>
        <translation>Input: %1, shape %2</translation>
    </message>
    <message>
        <source>scalar</source>
        <translation>scalar</translation>
    </message>
    <message>
        <source>The shape names &apos;%1&apos;, which is not an input of the model.</source>
        <translation>The shape names '%1', which is not an input of the model.</translation>
    </message>
    <message>
        <source>seeded random (seed %1)</source>
        <translation>seeded random (seed %1)</translation>
    </message>
    <message>
        <source>No test data set is chosen.</source>
        <translation>No test data set is chosen.</translation>
    </message>
    <message>
        <source>%1 holds no test data set.</source>
        <translation>%1 holds no test data set.</translation>
    </message>
    <message>
        <source>No input files are chosen.</source>
        <translation>No input files are chosen.</translation>
    </message>
    <message>
        <source>files %1</source>
        <translation>files %1</translation>
    </message>
    <message>
        <source>%1, the other inputs seeded random (seed %2)</source>
        <translation>%1, the other inputs seeded random (seed %2)</translation>
    </message>
    <message>
        <source>Input &apos;%1&apos; has shape %2, outside the engine&apos;s optimization profile (min %3, max %4).</source>
        <translation>Input '%1' has shape %2, outside the engine's optimization profile (min %3, max %4).</translation>
    </message>
    <message>
        <source>%1: its name field says “%2”, but it is compared with output “%3” (the files&apos; names do not all match the model&apos;s outputs, so they are taken in order).</source>
        <translation>%1: its name field says “%2”, but it is compared with output “%3” (the files' names do not all match the model's outputs, so they are taken in order).</translation>
    </message>
    <message>
        <source>Stored outputs come with a test data set: choose “Test data set” as the input, or compare with the reference run.</source>
        <translation>Stored outputs come with a test data set: choose “Test data set” as the input, or compare with the reference run.</translation>
    </message>
    <message>
        <source>%1 has no stored outputs (no output_0.pb, output_1.pb, … next to its inputs): compare with the reference run.</source>
        <translation>%1 has no stored outputs (no output_0.pb, output_1.pb, … next to its inputs): compare with the reference run.</translation>
    </message>
</context>
<context>
    <name>kiln::studio::ScopeTree</name>
    <message>
        <source>Nodes %1–%2</source>
        <translation>Nodes %1–%2</translation>
    </message>
    <message>
        <source>Block %1 of %2</source>
        <translation>Block %1 of %2</translation>
    </message>
    <message>
        <source>repeated structure: %1 nodes per block</source>
        <translation>repeated structure: %1 nodes per block</translation>
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
    <message>
        <source>Layer types (%1)</source>
        <translation>Layer types (%1)</translation>
    </message>
    <message>
        <source>Engine</source>
        <translation>Engine</translation>
    </message>
    <message>
        <source>Backend</source>
        <translation>Backend</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Device</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>Architecture</translation>
    </message>
    <message>
        <source>Format version</source>
        <translation>Format version</translation>
    </message>
    <message>
        <source>Built by</source>
        <translation>Built by</translation>
    </message>
    <message>
        <source>Kiln %1</source>
        <translation>Kiln %1</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>Layers</translation>
    </message>
    <message>
        <source>%1 (%2 plugin)</source>
        <translation>%1 (%2 plugin)</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>Weights</translation>
    </message>
    <message>
        <source>Optimization level</source>
        <translation>Optimization level</translation>
    </message>
    <message>
        <source>Allowed precisions</source>
        <translation>Allowed precisions</translation>
    </message>
    <message>
        <source>Tactic time</source>
        <translation>Tactic time</translation>
    </message>
    <message>
        <source>%1 ms over %2 timed layers</source>
        <translation>%1 ms over %2 timed layers</translation>
    </message>
    <message>
        <source>Plugins</source>
        <translation>Plugins</translation>
    </message>
    <message>
        <source>Libraries</source>
        <translation>Libraries</translation>
    </message>
    <message>
        <source>Optimization profiles (%1)</source>
        <translation>Optimization profiles (%1)</translation>
    </message>
    <message>
        <source>Profile %1</source>
        <translation>Profile %1</translation>
    </message>
    <message>
        <source>min / opt / max</source>
        <translation>min / opt / max</translation>
    </message>
    <message>
        <source>Precisions (%1)</source>
        <translation>Precisions (%1)</translation>
    </message>
    <message numerus="yes">
        <source>%n layer(s)</source>
        <translation>
            <numerusform>%n layer</numerusform>
            <numerusform>%n layers</numerusform>
        </translation>
    </message>
    <message>
        <source>Tactics (%1)</source>
        <translation>Tactics (%1)</translation>
    </message>
    <message numerus="yes">
        <source>INT8 dynamic ranges (%1, %n tensor(s))</source>
        <translation>
            <numerusform>INT8 dynamic ranges (%1, %n tensor)</numerusform>
            <numerusform>INT8 dynamic ranges (%1, %n tensors)</numerusform>
        </translation>
    </message>
    <message>
        <source>in: %1</source>
        <translation>in: %1</translation>
    </message>
    <message>
        <source>out: %1</source>
        <translation>out: %1</translation>
    </message>
    <message>
        <source>every node can be imported and run on the CPU</source>
        <translation>every node can be imported and run on the CPU</translation>
    </message>
    <message>
        <source>Not imported: Kiln has no importer for this node as it stands</source>
        <translation>Not imported: Kiln has no importer for this node as it stands</translation>
    </message>
    <message>
        <source>%1: imported, cannot run on the CPU: %2</source>
        <translation>%1: imported, cannot run on the CPU: %2</translation>
    </message>
    <message>
        <source>Imported, but the CPU backend has no kernel that runs it</source>
        <translation>Imported, but the CPU backend has no kernel that runs it</translation>
    </message>
</context>
<context>
    <name>kiln::studio::Workbench</name>
    <message>
        <source>Open an ONNX model first.</source>
        <translation>Open an ONNX model first.</translation>
    </message>
    <message>
        <source>An engine file is open: the search builds engines from the ONNX model. Open the model instead.</source>
        <translation>An engine file is open: the search builds engines from the ONNX model. Open the model instead.</translation>
    </message>
    <message>
        <source>A search is running.</source>
        <translation>A search is running.</translation>
    </message>
    <message>
        <source>The build settings are not valid: %1</source>
        <translation>The build settings are not valid: %1</translation>
    </message>
    <message>
        <source>Choose FP16 or BF16 under “Emulate on the CPU” (or allow one in the build settings): the search needs the precision to keep layers out of.</source>
        <translation>Choose FP16 or BF16 under “Emulate on the CPU” (or allow one in the build settings): the search needs the precision to keep layers out of.</translation>
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
