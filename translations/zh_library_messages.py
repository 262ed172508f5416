"""Chinese for the engine library's message catalogue (engine_core/common/message_catalogue.def), as
widgets/library_messages.cpp presents it to translators: one entry per catalogue id, keyed by the
GUI's source template. Placeholders ({file}, {node}, {cause}, ...) must be the template's own:
tests/gui/test_library_text.cpp checks that every id has a translation with the same set.
fill_translations.py merges this into its ZH table."""

ZH_MESSAGES = {
    # Phrases that other messages nest as {what}
    'model file': '模型文件',
    'tensor file': '张量文件',
    '.npy file': '.npy 文件',
    'tensor': '张量',
    'reshape': '改变形状',
    'input': '输入',
    'inputs': '输入',
    'output': '输出',
    'outputs': '输出',
    'model': '模型',
    'engine': '推理引擎',
    "tensor file '{file}'": '张量文件“{file}”',
    ".npy file '{file}'": '.npy 文件“{file}”',
    "'{model}': initializer '{name}'": '“{model}”：初始化器“{name}”',
    "'{model}': graph input '{name}'": '“{model}”：图输入“{name}”',
    "attribute '{name}'": '属性“{name}”',
    '{name}': '{name}',
    "'{model}': node '{node}' (index {index}, {op}): attribute '{name}'":
        '“{model}”：节点“{node}”（索引 {index}，{op}）：属性“{name}”',
    # engine_core/onnx: reading files (proto_util.cpp, importer.cpp)
    "{what} '{file}' does not exist": '{what}“{file}”不存在',
    "cannot resolve {what} '{file}': {reason}": '无法解析{what}“{file}”：{reason}',
    "{what} '{file}' is not a regular file": '{what}“{file}”不是普通文件',
    "cannot read the size of {what} '{file}': {reason}": '无法读取{what}“{file}”的大小：{reason}',
    "{what} '{file}' is {size} bytes, over the limit of {limit} bytes": '{what}“{file}”有 {size} 字节，超过了 {limit} 字节的上限',
    "cannot open {what} '{file}'": '无法打开{what}“{file}”',
    "cannot read {what} '{file}'": '无法读取{what}“{file}”',
    "'{file}' is empty, not an ONNX model": '“{file}”是空文件，不是 ONNX 模型',
    "'{file}' is {size} bytes; protobuf cannot parse a model over 2 GiB (store the weights as external data)":
        '“{file}”有 {size} 字节；protobuf 无法解析超过 2 GiB 的模型（请把权重存为外部数据）',
    "'{file}' is not a valid ONNX model (protobuf parse failed: truncated or not an ONNX file)":
        '“{file}”不是有效的 ONNX 模型（protobuf 解析失败：文件被截断，或不是 ONNX 文件）',
    "'{file}' is not an ONNX model (no graph or no IR version; the file may be truncated or of another kind)":
        '“{file}”不是 ONNX 模型（没有计算图或 IR 版本；文件可能被截断，或是其他类型的文件）',
    # engine_core/onnx: the model's structure (importer.cpp)
    "'{model}': tensor '{tensor}' is defined more than once (initializer)": '“{model}”：张量“{tensor}”被定义了多次（初始化器）',
    "'{model}': tensor '{tensor}' is defined more than once (graph input)": '“{model}”：张量“{tensor}”被定义了多次（图输入）',
    "'{model}': tensor '{tensor}' is defined more than once (output of node index {index})":
        '“{model}”：张量“{tensor}”被定义了多次（索引 {index} 的节点的输出）',
    "'{model}': node '{node}' (index {index}, {op}) reads tensor '{tensor}', which is neither a graph input, an initializer nor a node output":
        '“{model}”：节点“{node}”（索引 {index}，{op}）读取的张量“{tensor}”既不是图输入、初始化器，也不是节点输出',
    "'{model}': the graph has a cycle: node '{node}' (index {index}, {op}) depends on its own output":
        '“{model}”：计算图中有环：节点“{node}”（索引 {index}，{op}）依赖于自己的输出',
    "'{model}': graph output '{output}' is never produced": '“{model}”：没有任何节点生成图输出“{output}”',
    "'{model}': ONNX checker: {detail}": '“{model}”：ONNX 检查器：{detail}',
    "'{model}': an initializer has no name": '“{model}”：有一个初始化器没有名称',
    "'{model}': graph input '{input}' is not a tensor (sequences, maps and optionals are not supported)":
        '“{model}”：图输入“{input}”不是张量（不支持序列、映射和可选类型）',
    "'{model}': node '{node}' (index {index}, {op}): {cause}": '“{model}”：节点“{node}”（索引 {index}，{op}）：{cause}',
    "'{model}': unsupported op '{op}' in node '{node}' (index {index}, opset {opset}): {cause}":
        '“{model}”：节点“{node}”（索引 {index}，opset {opset}）的算子“{op}”不受支持：{cause}',
    "'{model}': node '{node}' (index {index}, {op}): output '{output}' was not pre-created":
        '“{model}”：节点“{node}”（索引 {index}，{op}）：输出“{output}”没有预先创建',
    # engine_core/onnx: importer warnings
    "ONNX checker skipped: model opset {opset} is newer than libonnx's {known}; Kiln's own structural checks still apply":
        '已跳过 ONNX 检查器：模型 opset {opset} 比 libonnx 的 {known} 新；Kiln 自己的结构检查仍然有效',
    "ONNX checker skipped: libonnx does not know op {op} at opset {opset}; Kiln's own structural checks still apply":
        '已跳过 ONNX 检查器：libonnx 不认识 opset {opset} 的算子 {op}；Kiln 自己的结构检查仍然有效',
    "model IR version {ir} is newer than libonnx's {known}; checked as IR version {checked}":
        '模型 IR 版本 {ir} 比 libonnx 的 {known} 新；按 IR 版本 {checked} 检查',
    "ONNX shape inference skipped: model opset {opset} is newer than libonnx's {known}; using the model's value_info":
        '已跳过 ONNX 形状推断：模型 opset {opset} 比 libonnx 的 {known} 新；使用模型自带的 value_info',
    'ONNX shape inference skipped: the model did not go through the ONNX checker; shapes are computed at run time':
        '已跳过 ONNX 形状推断：模型未经过 ONNX 检查器；形状在运行时计算',
    'ONNX shape inference failed (shapes are computed at run time): {detail}': 'ONNX 形状推断失败（形状在运行时计算）：{detail}',
    # engine_core/onnx: why a node is not imported (UnsupportedNode::reason)
    "domain '{domain}' is not supported (only ai.onnx)": '不支持域“{domain}”（只支持 ai.onnx）',
    "model opset {opset} is outside Kiln's supported range {min}..{max}": '模型 opset {opset} 超出 Kiln 支持的范围 {min}..{max}',
    "subgraph attribute '{name}' (only If, Loop and Scan bodies are imported)":
        '子图属性“{name}”（只导入 If、Loop 和 Scan 的子图）',
    # Control flow (engine_core/ir/control_flow.cpp)
    "node '{node}' ({op}): {cause}": '节点“{node}”（{op}）：{cause}',
    "body '{body}': {cause}": '子图“{body}”：{cause}',
    "no '{body}' body": '缺少子图“{body}”',
    "body '{body}' has {count} inputs, expected {expected}": '子图“{body}”有 {count} 个输入，应为 {expected} 个',
    "body '{body}' has {count} outputs, the node expects {expected}": '子图“{body}”有 {count} 个输出，节点需要 {expected} 个',
    "body '{body}' reads {count} outer-scope values but the node passes {expected}": '子图“{body}”读取 {count} 个外层作用域的值，但节点传入 {expected} 个',
    "{what} '{tensor}' is {type}, not {expected}": '{what}“{tensor}”的类型是 {type}，不是 {expected}',
    "{count} inputs, expected at least {min}": '有 {count} 个输入，至少需要 {min} 个',
    "the condition": '条件',
    "the trip count": '循环次数',
    "the iteration number": '迭代序号',
    "the condition output": '条件输出',
    "attribute '{name}' has {count} entries, expected {expected}": '属性“{name}”有 {count} 项，应为 {expected} 项',
    'no importer for this op': '没有该算子的导入器',
    'op {op} does not exist before opset {opset}': '算子 {op} 在 opset {opset} 之前不存在',
    'op {op} was removed after opset {opset}': '算子 {op} 在 opset {opset} 之后已被移除',
    "attribute {name}='{value}' is not supported (supported: {supported})": '不支持属性 {name}=“{value}”（支持：{supported}）',
    'input {name} of type {dtype} is not supported (supported: {supported})': '不支持类型为 {dtype} 的输入 {name}（支持：{supported}）',
    '{input} is {value} at index {index}: a quantization scale must be finite and non-zero': '{input} 在索引 {index} 处为 {value}：量化比例必须是有限的非零值',
    'cannot make a {dtype} constant': '无法创建 {dtype} 类型的常量',
    'cast to {dtype} is not supported': '不支持转换为 {dtype}',
    'spatial=0 (per-activation statistics) is not supported': '不支持 spatial=0（逐激活值统计）',
    'training_mode=1 is not supported (inference only)': '不支持 training_mode=1（只支持推理）',
    "training output {index} ('{output}') is read by the graph": '计算图读取了训练输出 {index}（“{output}”）',
    'stash_type={value} is not supported (only 1: float32)': '不支持 stash_type={value}（只支持 1：float32）',
    "coordinate_transformation_mode='tf_half_pixel_for_nn' is only supported with mode nearest and nearest_mode round_prefer_floor or floor":
        'coordinate_transformation_mode=“tf_half_pixel_for_nn”只在 mode 为 nearest 且 nearest_mode 为 round_prefer_floor 或 floor 时受支持',
    'antialias=1 is not supported': '不支持 antialias=1',
    'the mask output of Dropout before opset 10 is not supported': '不支持 opset 10 之前 Dropout 的掩码输出',
    'a non-constant training_mode input is not supported (inference only)': '不支持非常量的 training_mode 输入（只支持推理）',
    'training_mode=true is not supported': '不支持 training_mode=true',
    'string constants are not supported': '不支持字符串常量',
    # engine_core/onnx: what is wrong with a node (after "'model': node 'x' (index 3, Conv): ")
    "reads tensor '{tensor}', which is neither a graph input, an initializer nor a node output":
        '读取的张量“{tensor}”既不是图输入、初始化器，也不是节点输出',
    "attribute '{name}' must be an int, got {value}": '属性“{name}”必须是整数，实际为 {value}',
    "attribute '{name}' must be a float, got {value}": '属性“{name}”必须是浮点数，实际为 {value}',
    "attribute '{name}' must be a string, got {value}": '属性“{name}”必须是字符串，实际为 {value}',
    "attribute '{name}' must be a list of ints, got {value}": '属性“{name}”必须是整数列表，实际为 {value}',
    "attribute '{name}' must be a list of floats, got {value}": '属性“{name}”必须是浮点数列表，实际为 {value}',
    'has {count} inputs, expected {expected}': '有 {count} 个输入，应为 {expected} 个',
    'has {count} inputs, expected {min} to {max}': '有 {count} 个输入，应为 {min} 到 {max} 个',
    'has {count} outputs, expected {expected}': '有 {count} 个输出，应为 {expected} 个',
    'has {count} outputs, expected {min} to {max}': '有 {count} 个输出，应为 {min} 到 {max} 个',
    'required input {index} is missing': '缺少必需的第 {index} 个输入',
    'required output {index} is missing': '缺少必需的第 {index} 个输出',
    "missing required attribute '{name}'": '缺少必需的属性“{name}”',
    "missing required attributes 'starts'/'ends'": '缺少必需的属性“starts”/“ends”',
    'attribute {name} must not be 0': '属性 {name} 不能为 0',
    'attribute {name} must not be negative': '属性 {name} 不能为负数',
    'attribute {name} must be positive': '属性 {name} 必须为正数',
    'attribute {name}={value} must be positive': '属性 {name}={value} 必须为正数',
    'attribute {name} must be >= 1': '属性 {name} 必须 >= 1',
    'attribute {name}={value} must be 0 or 1': '属性 {name}={value} 必须为 0 或 1',
    'kernel_shape must be positive': 'kernel_shape 必须为正数',
    'attribute {name} has {count} values for a {rank}-D kernel': '对 {rank} 维卷积核，属性 {name} 有 {count} 个值',
    'attribute pads has {count} values for a {rank}-D kernel (expected {expected})':
        '对 {rank} 维卷积核，属性 pads 有 {count} 个值（应为 {expected} 个）',
    'input {index} is empty; {op} takes no optional inputs': '第 {index} 个输入为空；{op} 没有可选输入',
    'input {index} is empty': '第 {index} 个输入为空',
    'output {index} is empty': '第 {index} 个输出为空',
    'axis {axis} is out of range for a rank-{rank} input': '对秩为 {rank} 的输入，轴 {axis} 超出范围',
    '{channels} channels are not divisible into num_groups={groups}': '{channels} 个通道无法均分为 num_groups={groups} 组',
    'scale and bias must have num_groups={groups} values at opset {opset}':
        '在 opset {opset} 下，scale 和 bias 必须有 num_groups={groups} 个值',
    'needs either scales or sizes': '需要 scales 或 sizes 之一',
    'has both scales and sizes': '同时给出了 scales 和 sizes',
    'attribute perm is not a permutation of 0..{last}': '属性 perm 不是 0..{last} 的一个排列',
    'attribute split has {sizes} sizes for {outputs} outputs': '属性 split 有 {sizes} 个大小，而输出有 {outputs} 个',
    'has both a split input and num_outputs': '同时给出了 split 输入和 num_outputs',
    'starts and ends have different lengths': 'starts 和 ends 的长度不同',
    'axes and starts have different lengths': 'axes 和 starts 的长度不同',
    'attribute value must be a tensor': '属性 value 必须是张量',
    'attribute value must hold one element, has {count}': '属性 value 必须只有一个元素，实际有 {count} 个',
    'must have exactly one value attribute, has {count}': '必须恰好有一个值属性，实际有 {count} 个',
    "unknown attribute '{name}'": '未知属性“{name}”',
    # engine_core/onnx: tensors in the model (proto_util.cpp, inference_guard.cpp)
    '{what}: {field} has {count} values but the shape {shape} needs {numel}':
        '{what}：{field} 有 {count} 个值，但形状 {shape} 需要 {numel} 个',
    "{what}: external data {key} '{text}' is not a non-negative integer": '{what}：外部数据的 {key}“{text}”不是非负整数',
    '{what}: external data {key} {text} is too large (over 2^63 - 1)': '{what}：外部数据的 {key} {text} 过大（超过 2^63 - 1）',
    "{what}: external data has no 'location'": '{what}：外部数据没有“location”',
    "{what}: external data '{location}' is not allowed here (no model folder to resolve it against)":
        '{what}：此处不允许外部数据“{location}”（没有可用于解析它的模型文件夹）',
    "{what}: external data path '{location}' is absolute; it must be relative to the model folder":
        '{what}：外部数据路径“{location}”是绝对路径；它必须相对于模型文件夹',
    "{what}: external data path '{location}' escapes the model folder": '{what}：外部数据路径“{location}”超出了模型文件夹',
    "cannot resolve the model folder '{folder}': {reason}": '无法解析模型文件夹“{folder}”：{reason}',
    "{what}: external data file '{location}' not found in '{folder}'": '{what}：在“{folder}”中找不到外部数据文件“{location}”',
    "{what}: cannot resolve external data file '{location}': {reason}": '{what}：无法解析外部数据文件“{location}”：{reason}',
    "{what}: external data path '{location}' resolves to '{resolved}', outside the model folder":
        '{what}：外部数据路径“{location}”解析为“{resolved}”，位于模型文件夹之外',
    "{what}: external data '{location}' is not a regular file": '{what}：外部数据“{location}”不是普通文件',
    "{what}: cannot read the size of '{location}'": '{what}：无法读取“{location}”的大小',
    '{what}: external data length {length} bytes does not match the {expected} bytes its shape and type need':
        '{what}：外部数据长度 {length} 字节与其形状和类型所需的 {expected} 字节不符',
    "{what}: external data (offset {offset}, length {length}) goes past the end of '{location}' ({size} bytes)":
        '{what}：外部数据（偏移 {offset}，长度 {length}）超出了“{location}”的末尾（{size} 字节）',
    "{what}: cannot open external data file '{location}'": '{what}：无法打开外部数据文件“{location}”',
    "{what}: cannot read {length} bytes at offset {offset} of '{location}'":
        '{what}：无法在“{location}”的偏移 {offset} 处读取 {length} 字节',
    '{what}: string tensors are not supported': '{what}：不支持字符串张量',
    '{what}: data type {dtype} is not supported': '{what}：不支持数据类型 {dtype}',
    '{what}: negative dim in shape {shape}': '{what}：形状 {shape} 中有负数维度',
    '{what}: raw_data has {size} bytes but shape {shape} needs {expected}':
        '{what}：raw_data 有 {size} 字节，但形状 {shape} 需要 {expected} 字节',
    '{what}: raw_data has {size} bytes but shape {shape} of {dtype} needs {expected}':
        '{what}：raw_data 有 {size} 字节，但 {dtype} 类型的形状 {shape} 需要 {expected} 字节',
    '{what}: segmented tensors are not supported': '{what}：不支持分段张量',
    '{what} uses external data, which is not allowed here': '{what}使用了外部数据，此处不允许',
    '{what}: unexpected type': '{what}：意外的类型',
    "cannot serialize an undefined tensor '{name}'": '无法序列化未定义的张量“{name}”',
    "tensor '{name}': string tensors are not supported": '张量“{name}”：不支持字符串张量',
    '{what}: graph attributes (control flow) are not supported': '{what}：不支持图属性（控制流）',
    '{what}: sparse tensor attributes are not supported': '{what}：不支持稀疏张量属性',
    '{what}: tensor-list attributes are not supported': '{what}：不支持张量列表属性',
    '{what}: type attributes are not supported': '{what}：不支持类型属性',
    '{what}: attribute has no value': '{what}：属性没有值',
    "'{model}': node '{node}' (index {index}, {op}): shape input '{input}' declares {count} values; Kiln accepts at most {max} dims":
        '“{model}”：节点“{node}”（索引 {index}，{op}）：形状输入“{input}”声明了 {count} 个值；Kiln 最多接受 {max} 维',
    "'{model}': node '{node}' (index {index}, {op}): input '{input}' has rank {rank}; it needs a batch, a channel and at least one spatial dim":
        '“{model}”：节点“{node}”（索引 {index}，{op}）：输入“{input}”的秩为 {rank}；它需要批次维、通道维和至少一个空间维',
    "'{model}': node '{node}' (index {index}, {op}): weight '{weight}' has rank {weightRank} but input '{input}' has rank {rank}":
        '“{model}”：节点“{node}”（索引 {index}，{op}）：权重“{weight}”的秩为 {weightRank}，而输入“{input}”的秩为 {rank}',
    "'{model}': node '{node}' (index {index}, {op}): attribute '{name}' has value {value} (must be >= {min})":
        '“{model}”：节点“{node}”（索引 {index}，{op}）：属性“{name}”的值为 {value}（必须 >= {min}）',
    "'{model}': node '{node}' (index {index}, {op}): attribute '{name}' has {count} values; the input has {spatial} spatial dims, so it needs {expected}":
        '“{model}”：节点“{node}”（索引 {index}，{op}）：属性“{name}”有 {count} 个值；输入有 {spatial} 个空间维，因此需要 {expected} 个',
    # engine_core/onnx: tensor files (tensor_io.cpp)
    "cannot open '{file}' for writing": '无法打开“{file}”以写入',
    "cannot write '{file}'": '无法写入“{file}”',
    "'{file}': .npy header has no '{field}' field": '“{file}”：.npy 文件头没有“{field}”字段',
    "'{file}': malformed .npy header": '“{file}”：.npy 文件头格式错误',
    "'{file}': malformed .npy shape": '“{file}”：.npy 形状格式错误',
    "'{file}': malformed .npy shape {shape}": '“{file}”：.npy 形状 {shape} 格式错误',
    "'{file}' is empty, not a serialized onnx.TensorProto": '“{file}”是空文件，不是序列化的 onnx.TensorProto',
    "'{file}' is not a valid serialized onnx.TensorProto (parse failed)": '“{file}”不是有效的序列化 onnx.TensorProto（解析失败）',
    "'{file}': tensor '{name}' ({tensor}) is too large for a .pb file (2 GiB)":
        '“{file}”：张量“{name}”（{tensor}）太大，无法存为 .pb 文件（2 GiB）',
    "'{file}' is not a .npy file (bad magic)": '“{file}”不是 .npy 文件（文件标识不对）',
    "'{file}': .npy version {version} is not supported": '“{file}”：不支持 .npy 版本 {version}',
    "'{file}': truncated .npy header": '“{file}”：.npy 文件头被截断',
    "'{file}': Fortran-order .npy arrays are not supported (save with C order)":
        '“{file}”：不支持 Fortran 顺序的 .npy 数组（请以 C 顺序保存）',
    "'{file}': .npy dtype '{dtype}' is not supported": '“{file}”：不支持 .npy 数据类型“{dtype}”',
    "'{file}': big-endian .npy data ('{dtype}') is not supported": '“{file}”：不支持大端序的 .npy 数据（“{dtype}”）',
    "'{file}': .npy data has {size} bytes but shape {shape} of {dtype} needs {expected}":
        '“{file}”：.npy 数据有 {size} 字节，但 {dtype} 类型的形状 {shape} 需要 {expected} 字节',
    "'{file}': cannot write an undefined tensor": '“{file}”：无法写入未定义的张量',
    "'{file}': {dtype} tensors cannot be written as .npy (NumPy has no such dtype)":
        '“{file}”：{dtype} 张量无法写为 .npy（NumPy 没有这种数据类型）',
    "'{file}': unknown tensor file type (expected .pb for onnx.TensorProto or .npy)":
        '“{file}”：未知的张量文件类型（应为 onnx.TensorProto 的 .pb 文件或 .npy 文件）',
    # engine_core/onnx: run inputs and test data (run_inputs.cpp)
    '{folder}: {prefix}_{index}.pb without {prefix}_{expected}.pb':
        '{folder}：有 {prefix}_{index}.pb，却没有 {prefix}_{expected}.pb',
    '{folder}: {count} {what} files but the model has {declared} {declaredWhat}':
        '{folder}：有 {count} 个{what}文件，但模型只有 {declared} 个{declaredWhat}',
    "input '{input}' has no declared dtype; give it with --input": '输入“{input}”没有声明数据类型；请用 --input 提供',
    "input '{input}' is a string tensor": '输入“{input}”是字符串张量',
    "--val-range for input '{input}' ({dtype}) holds no integer in [{low}, {high})":
        '输入“{input}”（{dtype}）的 --val-range 在 [{low}, {high}) 中没有整数',
    "--val-range for input '{input}' is outside the range of {dtype}": '输入“{input}”的 --val-range 超出了 {dtype} 的范围',
    "test data folder '{folder}' does not exist": '测试数据文件夹“{folder}”不存在',
    "test data '{folder}' is not a folder": '测试数据“{folder}”不是文件夹',
    '{folder}: no input_N.pb or output_N.pb files': '{folder}：没有 input_N.pb 或 output_N.pb 文件',
    '{folder}: no test_data_set_* folders and no input_N.pb files': '{folder}：没有 test_data_set_* 文件夹，也没有 input_N.pb 文件',
    "{folder}: no input file for model input '{input}'": '{folder}：模型输入“{input}”没有对应的输入文件',
    "--input '{spec}': expected NAME=FILE (.pb or .npy)": '--input “{spec}”：应为 NAME=FILE（.pb 或 .npy）',
    "--input {file}: give the input name as NAME={file} (the model's inputs: {inputs})":
        '--input {file}：请以 NAME={file} 的形式给出输入名称（模型输入：{inputs}）',
    "--input {spec}: the model has no input named '{input}' (inputs: {inputs})":
        '--input {spec}：模型没有名为“{input}”的输入（模型输入：{inputs}）',
    "--input {spec}: input '{input}' given twice": '--input {spec}：输入“{input}”给出了两次',
    "--{flag} '{item}': expected NAME:DIMS, e.g. input:1x3x224x224":
        '--{flag} “{item}”：应为 NAME:DIMS，例如 input:1x3x224x224',
    "--{flag} '{item}': {cause}": '--{flag} “{item}”：{cause}',
    "--{flag}: input '{input}' given twice": '--{flag}：输入“{input}”给出了两次',
    "--val-range '{spec}': expected [NAME:]LOW,HIGH, e.g. 0,1 or ids:0,30522":
        '--val-range “{spec}”：应为 [NAME:]LOW,HIGH，例如 0,1 或 ids:0,30522',
    "--val-range '{spec}': LOW must be below HIGH": '--val-range “{spec}”：LOW 必须小于 HIGH',
    "--shapes {input}:{dims}: input '{input}' is declared {shape}": '--shapes {input}:{dims}：输入“{input}”声明的形状为 {shape}',
    "input '{input}' has an unknown rank; give its shape with --shapes {input}:DIMS":
        '输入“{input}”的秩未知；请用 --shapes {input}:DIMS 给出形状',
    "input '{input}' has dynamic dim {dim} ('{symbol}') in {shape}; give its shape with --shapes {input}:{example}":
        '输入“{input}”的第 {dim} 维（“{symbol}”）在 {shape} 中是动态的；请用 --shapes {input}:{example} 给出形状',
    "input '{input}' has dynamic dim {dim} in {shape}; give its shape with --shapes {input}:{example}":
        '输入“{input}”的第 {dim} 维在 {shape} 中是动态的；请用 --shapes {input}:{example} 给出形状',
    "{source}: input '{input}' expects {expected} but got {actual}": '{source}：输入“{input}”应为 {expected}，实际为 {actual}',
    "--save-outputs: cannot create folder '{folder}': {reason}": '--save-outputs：无法创建文件夹“{folder}”：{reason}',
    # engine_core/onnx: the model report
    'model report: the importer returned no graph': '模型报告：导入器没有返回计算图',
    # engine_core/ir
    'out of memory allocating {bytes} bytes': '分配 {bytes} 字节时内存不足',
    '{what}: shape {shape} has too many elements': '{what}：形状 {shape} 的元素过多',
    '{what}: shape {shape} ({dtype}) needs {bytes} bytes, over the limit of {limit} bytes':
        '{what}：形状 {shape}（{dtype}）需要 {bytes} 字节，超过了 {limit} 字节的上限',
    '{what} needs {size} ({bytes} bytes) with {live} already in use, over the memory limit of {limit} (--memory-limit)': '{what} 需要 {size}（{bytes} 字节），而已有 {live} 在用，超过了 {limit} 的内存上限（--memory-limit）',
    "optimization profile {profile} needs {size} of activation memory per execution context, over the memory limit of {limit} (--memory-limit); its largest tensor is '{tensor}' of layer '{layer}' ({tensorSize})": '优化配置 {profile} 每个执行上下文需要 {size} 的激活内存，超过了 {limit} 的内存上限（--memory-limit）；其最大的张量是层“{layer}”的“{tensor}”（{tensorSize}）',
    'fromVector: {values} values for {numel} elements': 'fromVector：{numel} 个元素却给了 {values} 个值',
    'cannot allocate a tensor of type {dtype}': '无法分配 {dtype} 类型的张量',
    'tensor of type {dtype} accessed as {expected}': '{dtype} 类型的张量被当作 {expected} 访问',
    'cannot reshape {tensor} to {shape}': '无法将 {tensor} 变形为 {shape}',
    'rows [{begin}, {end}) of {tensor}': '{tensor} 的行 [{begin}, {end}) 超出范围',
    'tensor of type {dtype} has no numeric value': '{dtype} 类型的张量没有数值',
    "node '{node}' ({op}): missing required attribute '{name}'": '节点“{node}”（{op}）：缺少必需的属性“{name}”',
    "node '{node}' ({op}): attribute '{name}' is {type}, expected {expected}":
        '节点“{node}”（{op}）：属性“{name}”的类型为 {type}，应为 {expected}',
    'value names must not be empty': '值的名称不能为空',
    "tensor name '{tensor}' is defined more than once": '张量名“{tensor}”被定义了多次',
    "tensor '{tensor}' is produced by both node '{first}' and node '{second}'":
        '张量“{tensor}”同时由节点“{first}”和节点“{second}”生成',
    "tensor '{tensor}' is an initializer and also produced by node '{node}'": '张量“{tensor}”是初始化器，同时又由节点“{node}”生成',
    "node '{node}' ({op}) reads tensor '{tensor}', which is neither a graph input, an initializer nor any node's output":
        '节点“{node}”（{op}）读取的张量“{tensor}”既不是图输入、初始化器，也不是任何节点的输出',
    "the graph has a cycle: node '{node}' ({op}) depends on its own output": '计算图中有环：节点“{node}”（{op}）依赖于自己的输出',
    "value '{value}' lost its producer link": '值“{value}”丢失了与其生成节点的链接',
    "value '{value}' has a stale consumer list": '值“{value}”的使用者列表已过时',
    "graph output '{output}' is never produced": '没有任何节点生成图输出“{output}”',
    'shape {shape} is not static': '形状 {shape} 不是静态的',
    "bad shape '{text}': empty dim": '形状“{text}”有误：有空的维度',
    "bad shape '{text}': '{dim}' is not a non-negative integer": '形状“{text}”有误：“{dim}”不是非负整数',
    # engine_core/passes
    'optimization level {level} is out of range (0..{max})': '优化级别 {level} 超出范围（0..{max}）',
    "unknown pass '{name}' (known: {known})": '未知的优化阶段“{name}”（已知：{known}）',
    # engine_core/quantization
    'none': '无',
    '{names}': '{names}',
    '{field}: {cause}': '{field}：{cause}',
    'no folder given': '未指定文件夹',
    "folder '{folder}' does not exist": '文件夹“{folder}”不存在',
    "'{folder}' is not a folder": '“{folder}”不是文件夹',
    "'{folder}' holds no calibration data (test_data_set_*/input_N.pb, input_N.pb or NAME.npy files)":
        '“{folder}”中没有校准数据（应为 test_data_set_*/input_N.pb、input_N.pb 或 NAME.npy 文件）',
    "{file}: the model has no input named '{input}' (inputs: {inputs})": '{file}：模型没有名为“{input}”的输入（模型输入：{inputs}）',
    "{file}: input '{input}' given twice": '{file}：输入“{input}”给出了两次',
    '{folder}: {count} input files but the model has {declared} {declaredWhat} ({inputs})':
        '{folder}：有 {count} 个输入文件，但模型只有 {declared} 个{declaredWhat}（{inputs}）',
    "{folder}: no data for model input '{input}' {tensor}": '{folder}：没有模型输入“{input}” {tensor} 的数据',
    "calibration cache: tensor name '{name}' contains a line break": '校准缓存：张量名“{name}”含有换行符',
    '{file}: not a Kiln calibration cache (the first line must start with {magic})':
        '{file}：不是 Kiln 校准缓存（第一行必须以 {magic} 开头）',
    '{file}:1: the header names no calibration algorithm': '{file}:1：文件头没有写明校准算法',
    "{file}:{line}: expected 'TENSOR: HEX' (8 hex digits), got '{text}'": '{file}:{line}：应为“张量名: 8 位十六进制数”，实际为“{text}”',
    "{file}:{line}: tensor '{tensor}' has range {range} (must be finite and >= 0)":
        '{file}:{line}：张量“{tensor}”的范围为 {range}（必须是有限值且 >= 0）',
    "{file}:{line}: tensor '{tensor}' listed twice": '{file}:{line}：张量“{tensor}”出现了两次',
    '{file}: cannot open the calibration cache': '{file}：无法打开校准缓存',
    '{file}: cannot write the calibration cache': '{file}：无法写入校准缓存',
    '{file}: writing the calibration cache failed': '{file}：写入校准缓存失败',
    '{file}: cannot write the calibration cache: {reason}': '{file}：无法写入校准缓存：{reason}',
    'calibration: the reference executor cannot run the model: {cause}': '校准：参考执行器无法运行该模型：{cause}',
    'calibration cancelled': '校准已取消',
    'calibration: batch {batch}: {cause}': '校准：批次 {batch}：{cause}',
    "calibration.cache: '{cache}' was made by the {cacheCalibrator} calibrator, the config asks for {calibrator}; give calibration data to calibrate again":
        'calibration.cache：“{cache}”由“{cacheCalibrator}”校准算法生成，而配置要求“{calibrator}”；请提供校准数据以重新校准',
    'int8 is enabled but there is no calibration data and no calibration cache': '已启用 int8，但既没有校准数据，也没有校准缓存',
    'calibration cache {cache}: {count} of {total} tensors are not in the model':
        '校准缓存 {cache}：{total} 个张量中有 {count} 个不在模型中',
    'calibration cache {cache} was made by the {cacheCalibrator} calibrator: calibrating again with {calibrator}':
        '校准缓存 {cache} 由“{cacheCalibrator}”校准算法生成：改用“{calibrator}”重新校准',
    '{count} ranges from {cache}': '从 {cache} 读取了 {count} 个范围',
    # profiler
    '{file}: invalid JSON: {detail}': '{file}：JSON 无效：{detail}',
    '{file}: malformed result file: {detail}': '{file}：结果文件格式错误：{detail}',
    "{file}: unknown comparison status '{status}'": '{file}：未知的对比状态“{status}”',
    "{file}: layer '{layer}' has {times} times but {endTimes} end times":
        '{file}：层“{layer}”有 {times} 个耗时，却有 {endTimes} 个结束时间',
    '{file}: {cause}': '{file}：{cause}',
    'no profiled run to export as a trace': '没有可导出为跟踪的性能分析运行',
    'trace run {run} does not exist ({count} profiled runs)': '跟踪运行 {run} 不存在（共 {count} 次性能分析运行）',
    '{file}: cannot open for writing: {reason}': '{file}：无法打开以写入：{reason}',
    '{file}: write failed': '{file}：写入失败',
    'tensor: cannot compare string tensors': '张量：无法对比字符串张量',
    "'{name}': cannot compare string tensors": '“{name}”：无法对比字符串张量',
    "engine output '{output}' is not an output of the model: was the engine built from another model?":
        '引擎输出“{output}”不是模型的输出：引擎是否由其他模型构建？',
    'a per-layer comparison needs a reference run that kept its intermediates': '逐层对比需要保留了中间结果的参考运行',
    "the reference run was made on other inputs than the engine's": '参考运行使用的输入与推理引擎的不同',
    'profile run {run} names sample {sample} of layer {layer}, which does not exist':
        '性能分析运行 {run} 引用了层 {layer} 的样本 {sample}，但它不存在',
    # app/kiln (the command line)
    "--{flag}: expected a size such as 512M or 8G, got '{text}'": '--{flag}：应为 512M 或 8G 这样的大小，实际为“{text}”',
    "--{flag}: expected an integer, got '{text}'": '--{flag}：应为整数，实际为“{text}”',
    '--{flag}: {value} is out of range [{min}, {max}]': '--{flag}：{value} 超出范围 [{min}, {max}]',
    "--{flag}: expected a number, got '{text}'": '--{flag}：应为数字，实际为“{text}”',
    '--{flag}: {text} is below the minimum {min}': '--{flag}：{text} 小于最小值 {min}',
    "{command}: unknown option '{option}' (see {command} --help)": '{command}：未知选项“{option}”（见 {command} --help）',
    '--{flag} takes no value': '--{flag} 不接受值',
    '--{flag} needs a value ({metavar})': '--{flag} 需要一个值（{metavar}）',
    '--{flag} given more than once': '--{flag} 给出了不止一次',
    '{command}: missing argument; usage: {command} {usage}': '{command}：缺少参数；用法：{command} {usage}',
    "{command}: unexpected argument '{argument}'; usage: {command} {usage}":
        '{command}：多余的参数“{argument}”；用法：{command} {usage}',
    "--layer-precision '{item}': expected NAME_OR_OPTYPE:PRECISION, e.g. Softmax:fp32":
        '--layer-precision “{item}”：应为 NAME_OR_OPTYPE:PRECISION，例如 Softmax:fp32',
    "--layer-precision '{item}': unknown precision '{precision}' (fp32, tf32, fp16, bf16, int8, fp8)":
        '--layer-precision “{item}”：未知精度“{precision}”（fp32、tf32、fp16、bf16、int8、fp8）',
    "--opt-shapes: no shape for input '{input}' (it has a --min-shapes or --max-shapes entry)":
        '--opt-shapes：输入“{input}”没有形状（它有 --min-shapes 或 --max-shapes 条目）',
    "--sparsity: expected disable, enable or force, got '{value}'": '--sparsity：应为 disable、enable 或 force，实际为“{value}”',
    "--backend: expected one of {names}, got '{value}'": '--backend：应为 {names} 之一，实际为“{value}”',
    "--calibrator: expected entropy, minmax or percentile, got '{value}'":
        '--calibrator：应为 entropy、minmax 或 percentile，实际为“{value}”',
    '--percentile: {value} is outside (0, 100]': '--percentile：{value} 超出范围 (0, 100]',
    "--error-mode: expected elementwise or max-normalized, got '{value}'":
        '--error-mode：应为 elementwise 或 max-normalized，实际为“{value}”',
    "--test-data takes inputs from the test data; don't combine it with --input or --shapes":
        '--test-data 从测试数据中读取输入；不要与 --input 或 --shapes 同时使用',
    "--profile-index selects an engine's optimization profile; {file} is a model":
        '--profile-index 用于选择推理引擎的优化配置；{file} 是模型',
    "--{flag}: the {target} has no input named '{input}'": '--{flag}：{target}没有名为“{input}”的输入',
    '--engine compares a built engine; the build flags apply only when compare builds one':
        '--engine 对比的是已构建的推理引擎；构建选项只在 compare 自行构建时才适用',
    '{file}: the importer returned no graph': '{file}：导入器没有返回计算图',
    '--profile-index: optimization profile {index} does not exist (the engine has {count})':
        '--profile-index：优化配置 {index} 不存在（该推理引擎有 {count} 个）',
    '--{flag}: {cause}': '--{flag}：{cause}',
    "unknown command '{command}' (commands: inspect, build, run, compare, help, version; see kiln --help)":
        '未知命令“{command}”（命令：inspect、build、run、compare、help、version；见 kiln --help）',
}
