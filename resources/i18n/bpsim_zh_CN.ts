<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name></name>
    <message>
        <source>a CSV file with a header row</source>
        <translation>带表头行的 CSV 文件</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>CSV file</source>
        <translation>CSV 文件</translation>
    </message>
    <message>
        <source>The column the network learns to predict</source>
        <translation>网络要学会预测的列</translation>
    </message>
    <message>
        <source>Target column</source>
        <translation>目标列</translation>
    </message>
    <message>
        <source>decide from the column</source>
        <translation>根据列内容决定</translation>
    </message>
    <message>
        <source>classes</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>numbers (regression)</source>
        <translation>数值（回归）</translation>
    </message>
    <message>
        <source>Text or at most 20 different whole numbers are classes, other numbers a regression</source>
        <translation>文本或最多 20 个不同的整数视为类别，其他数值视为回归</translation>
    </message>
    <message>
        <source>Target is</source>
        <translation>目标值为</translation>
    </message>
    <message>
        <source>Units per hidden layer, e.g. 16,8 (0 for none)</source>
        <translation>每个隐藏层的神经元数，如 16,8（0 表示没有隐藏层）</translation>
    </message>
    <message>
        <source>Hidden layers</source>
        <translation>隐藏层</translation>
    </message>
    <message>
        <source>ReLU for classes, tanh for numbers</source>
        <translation>类别用 ReLU，数值用 tanh</translation>
    </message>
    <message>
        <source>Hidden activation</source>
        <translation>隐藏层激活函数</translation>
    </message>
    <message>
        <source>Share of the examples held out to measure overfitting</source>
        <translation>留出用来衡量过拟合的样例比例</translation>
    </message>
    <message>
        <source>Validation share</source>
        <translation>验证集比例</translation>
    </message>
    <message>
        <source>Choose a CSV file</source>
        <translation>选择 CSV 文件</translation>
    </message>
    <message>
        <source>CSV files (*.csv *.txt);;All files (*)</source>
        <translation>CSV 文件 (*.csv *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Choose a CSV file with a header row.</source>
        <translation>请选择带表头行的 CSV 文件。</translation>
    </message>
    <message>
        <source>The file needs an input column and a target column.</source>
        <translation>文件需要至少一个输入列和一个目标列。</translation>
    </message>
    <message>
        <source>{0} columns; the file is read when you press OK.</source>
        <translation>{0} 列；按“确定”后读取文件。</translation>
    </message>
    <message>
        <source>{0}; {1} examples → {2}</source>
        <translation>{0}；{1} 个样例 → {2}</translation>
    </message>
    <message>
        <source>Diverged at step {0}: η = {1} is too large</source>
        <translation>第 {0} 步发散：η = {1} 太大</translation>
    </message>
    <message>
        <source>the loss of a mini-batch ({0}) passed {1} × the reference loss ({2})</source>
        <translation>一个小批量的损失（{0}）超过了参考损失（{2}）的 {1} 倍</translation>
    </message>
    <message>
        <source>a weight would have passed {0}</source>
        <translation>有一个权重将超过 {0}</translation>
    </message>
    <message>
        <source>the loss became infinite or NaN</source>
        <translation>损失变成了无穷大或 NaN</translation>
    </message>
    <message>
        <source>Training stopped because {0}; the weights from before that step are kept.</source>
        <translation>训练已停止，因为{0}；保留这一步之前的权重。</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>Back to the weights training started from</source>
        <translation>回到训练开始时的权重</translation>
    </message>
    <message>
        <source>η ÷ 10</source>
        <translation>η ÷ 10</translation>
    </message>
    <message>
        <source>Divide the learning rate by 10 (undoable)</source>
        <translation>把学习率除以 10（可撤销）</translation>
    </message>
    <message>
        <source>Divide the learning rate by 10 ({0})</source>
        <translation>把学习率除以 10（{0}）</translation>
    </message>
    <message>
        <source>epoch {0}</source>
        <translation>轮次 {0}</translation>
    </message>
    <message>
        <source>step {0:,}</source>
        <translation>第 {0:,} 步</translation>
    </message>
    <message>
        <source>loss {0:.4g}</source>
        <translation>损失 {0:.4g}</translation>
    </message>
    <message>
        <source>accuracy {0:.1%}</source>
        <translation>准确率 {0:.1%}</translation>
    </message>
    <message>
        <source>{0:,.0f} steps/s</source>
        <translation>{0:,.0f} 步/秒</translation>
    </message>
    <message>
        <source>completed: Space trains {0:,} more epochs</source>
        <translation>已完成：按空格再训练 {0:,} 个轮次</translation>
    </message>
    <message>
        <source>stopped: Space starts a new run</source>
        <translation>已停止：按空格开始新的一次训练</translation>
    </message>
    <message>
        <source>diverged: Space trains on from here</source>
        <translation>已发散：按空格从这里继续训练</translation>
    </message>
    <message>
        <source>paused: Space resumes</source>
        <translation>已暂停：按空格继续</translation>
    </message>
    <message>
        <source>Legend ▸</source>
        <translation>图例 ▸</translation>
    </message>
    <message>
        <source>w &gt; 0</source>
        <translation>w &gt; 0</translation>
    </message>
    <message>
        <source>w &lt; 0</source>
        <translation>w &lt; 0</translation>
    </message>
    <message>
        <source>width ∝ |w|, max {0}</source>
        <translation>线宽 ∝ |w|，最大 {0}</translation>
    </message>
    <message>
        <source>grey: weights not initialised</source>
        <translation>灰色：权重尚未初始化</translation>
    </message>
    <message>
        <source>not drawn one by one</source>
        <translation>未逐条绘出</translation>
    </message>
    <message>
        <source>units: o over the input plane (hover one)</source>
        <translation>神经元：o 在输入平面上的图像（悬停查看）</translation>
    </message>
    <message>
        <source>neuron fill = output o of the example</source>
        <translation>神经元填充 = 该样例的输出 o</translation>
    </message>
    <message>
        <source>neuron fill: no example run yet</source>
        <translation>神经元填充：尚未运行样例</translation>
    </message>
    <message>
        <source>Click to collapse or expand the legend</source>
        <translation>点击折叠或展开图例</translation>
    </message>
    <message>
        <source>conv: {0} parameters; dense with the same connections: {1}</source>
        <translation>卷积：{0} 个参数；同样连接的全连接层：{1} 个</translation>
    </message>
    <message>
        <source>{0} maps of {1}</source>
        <translation>{0} 个 {1} 的特征图</translation>
    </message>
    <message>
        <source>{0} map of {1}</source>
        <translation>{0} 个 {1} 的特征图</translation>
    </message>
    <message>
        <source>{0}: {1} ({2} units)</source>
        <translation>{0}：{1}（{2} 个神经元）</translation>
    </message>
    <message>
        <source>{0}: max-pool {1}, {2}</source>
        <translation>{0}：最大池化 {1}，{2}</translation>
    </message>
    <message>
        <source>{0}: conv {1}, {2} kernels of {3}, {4}; {5}</source>
        <translation>{0}：卷积 {1}，{2} 个 {3} 的卷积核，{4}；{5}</translation>
    </message>
    <message>
        <source>{0}: conv {1}, {2} kernel of {3}, {4}; {5}</source>
        <translation>{0}：卷积 {1}，{2} 个 {3} 的卷积核，{4}；{5}</translation>
    </message>
    <message>
        <source>A shared weight: every position of the filter&apos;s map uses it</source>
        <translation>共享权重：滤波器特征图的每个位置都使用它</translation>
    </message>
    <message>
        <source>Shared weight w</source>
        <translation>共享权重 w</translation>
    </message>
    <message>
        <source>The filter&apos;s bias: every position of its map adds it</source>
        <translation>滤波器的偏置：其特征图的每个位置都加上它</translation>
    </message>
    <message>
        <source>Filter bias b</source>
        <translation>滤波器偏置 b</translation>
    </message>
    <message>
        <source>This example</source>
        <translation>当前样例</translation>
    </message>
    <message>
        <source>How many filters (maps) the layer has</source>
        <translation>这一层有多少个滤波器（特征图）</translation>
    </message>
    <message>
        <source>The kernel&apos;s size along every axis</source>
        <translation>卷积核在每个轴上的大小</translation>
    </message>
    <message>
        <source>How far the kernel moves between positions</source>
        <translation>卷积核在相邻位置之间移动的距离（步幅）</translation>
    </message>
    <message>
        <source>Zeros added on every side of the input</source>
        <translation>在输入每一边补的零</translation>
    </message>
    <message>
        <source>The pooling window along every axis (= its stride)</source>
        <translation>每个轴上的池化窗口（= 其步幅）</translation>
    </message>
    <message>
        <source>Filters</source>
        <translation>滤波器</translation>
    </message>
    <message>
        <source>Kernel</source>
        <translation>卷积核</translation>
    </message>
    <message>
        <source>Stride</source>
        <translation>步幅</translation>
    </message>
    <message>
        <source>Padding</source>
        <translation>补零</translation>
    </message>
    <message>
        <source>Pooling window</source>
        <translation>池化窗口</translation>
    </message>
    <message>
        <source>Each value is the largest of its window; in the backward pass δ goes to that position only.</source>
        <translation>每个值都是其窗口中的最大值；反向传播时 δ 只传给那个位置。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Position {0}&lt;/b&gt; of the {1} ({2})</source>
        <translation>{1}的&lt;b&gt;位置 {0}&lt;/b&gt;（{2}）</translation>
    </message>
    <message>
        <source>&lt;b&gt;w{0}&lt;/b&gt;: shared weight {1} of filter {2} of the {3}; {4} connections use it, one per position of map {2}</source>
        <translation>&lt;b&gt;w{0}&lt;/b&gt;：{3}滤波器 {2} 的共享权重 {1}；有 {4} 条连接使用它，特征图 {2} 的每个位置一条</translation>
    </message>
    <message>
        <source>no example</source>
        <translation>没有样例</translation>
    </message>
    <message>
        <source>input o = {0:.6g}</source>
        <translation>输入 o = {0:.6g}</translation>
    </message>
    <message>
        <source>o = max of {0} = {1:.6g}, from {2}</source>
        <translation>o = {0} 中的最大值 = {1:.6g}，来自 {2}</translation>
    </message>
    <message>
        <source>reads {0}; z = {1:.6g}, o = f(z) = {2:.6g}</source>
        <translation>读取 {0}；z = {1:.6g}，o = f(z) = {2:.6g}</translation>
    </message>
    <message>
        <source>Set shared weight w{0} to {1:g}</source>
        <translation>把共享权重 w{0} 设为 {1:g}</translation>
    </message>
    <message>
        <source>Set bias of filter {0} of the {1} to {2:g}</source>
        <translation>把{1}滤波器 {0} 的偏置设为 {2:g}</translation>
    </message>
    <message>
        <source>filters</source>
        <translation>滤波器数</translation>
    </message>
    <message>
        <source>kernel</source>
        <translation>卷积核</translation>
    </message>
    <message>
        <source>stride</source>
        <translation>步幅</translation>
    </message>
    <message>
        <source>padding</source>
        <translation>补零</translation>
    </message>
    <message>
        <source>pooling window</source>
        <translation>池化窗口</translation>
    </message>
    <message>
        <source>Set {0} of the {1} to {2}</source>
        <translation>把{1}的{0}设为 {2}</translation>
    </message>
    <message>
        <source>loss {0}</source>
        <translation>损失 {0}</translation>
    </message>
    <message>
        <source>accuracy {0}</source>
        <translation>准确率 {0}</translation>
    </message>
    <message>
        <source>{0} epochs</source>
        <translation>{0} 个轮次</translation>
    </message>
    <message>
        <source>sigmoid</source>
        <translation>sigmoid</translation>
    </message>
    <message>
        <source>tanh</source>
        <translation>tanh</translation>
    </message>
    <message>
        <source>ReLU</source>
        <translation>ReLU</translation>
    </message>
    <message>
        <source>Leaky ReLU</source>
        <translation>Leaky ReLU</translation>
    </message>
    <message>
        <source>linear</source>
        <translation>线性</translation>
    </message>
    <message>
        <source>softmax</source>
        <translation>softmax</translation>
    </message>
    <message>
        <source>uniform ±{0:g}</source>
        <translation>均匀分布 ±{0:g}</translation>
    </message>
    <message>
        <source>Xavier (normal)</source>
        <translation>Xavier（正态分布）</translation>
    </message>
    <message>
        <source>Xavier (uniform)</source>
        <translation>Xavier（均匀分布）</translation>
    </message>
    <message>
        <source>He (normal)</source>
        <translation>He（正态分布）</translation>
    </message>
    <message>
        <source>sequential order</source>
        <translation>按顺序</translation>
    </message>
    <message>
        <source>shuffled order</source>
        <translation>每轮重新排列</translation>
    </message>
    <message>
        <source>error emphasis</source>
        <translation>误差优先</translation>
    </message>
    <message>
        <source>η = {0:g}</source>
        <translation>η = {0:g}</translation>
    </message>
    <message>
        <source>constant η</source>
        <translation>固定 η</translation>
    </message>
    <message>
        <source>η schedule: {0}</source>
        <translation>η 调度：{0}</translation>
    </message>
    <message>
        <source>α = {0:g}</source>
        <translation>α = {0:g}</translation>
    </message>
    <message>
        <source>batch size {0}</source>
        <translation>批量大小 {0}</translation>
    </message>
    <message>
        <source>no dropout</source>
        <translation>无 Dropout</translation>
    </message>
    <message>
        <source>dropout {0}</source>
        <translation>Dropout {0}</translation>
    </message>
    <message>
        <source>weight decay {0:g}</source>
        <translation>权重衰减 {0:g}</translation>
    </message>
    <message>
        <source>pre-trained</source>
        <translation>已预训练</translation>
    </message>
    <message>
        <source>random initial weights</source>
        <translation>随机初始权重</translation>
    </message>
    <message>
        <source>seed {0}</source>
        <translation>种子 {0}</translation>
    </message>
    <message>
        <source>run {0}</source>
        <translation>第 {0} 次训练</translation>
    </message>
</context>
<context>
    <name>BackgroundJob</name>
    <message>
        <source>cannot read the file ({0}: {1})</source>
        <translation>无法读取文件（{0}：{1}）</translation>
    </message>
</context>
<context>
    <name>BoundaryDock</name>
    <message>
        <source>Decision boundary</source>
        <translation>决策边界</translation>
    </message>
    <message>
        <source>Network function</source>
        <translation>网络函数</translation>
    </message>
    <message>
        <source>The network&apos;s output over its inputs is drawn for 1 or 2 inputs (this network has {0}).</source>
        <translation>只有 1 或 2 个输入时才绘出网络输出随输入的变化（这个网络有 {0} 个输入）。</translation>
    </message>
    <message>
        <source>No data.</source>
        <translation>没有数据。</translation>
    </message>
    <message>
        <source>output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>● training ({0})    ◆ validation ({1})</source>
        <translation>● 训练集（{0}）    ◆ 验证集（{1}）</translation>
    </message>
    <message>
        <source>● training ({0})</source>
        <translation>● 训练集（{0}）</translation>
    </message>
    <message>
        <source>class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>train loss &lt;b&gt;{0}&lt;/b&gt;</source>
        <translation>训练损失 &lt;b&gt;{0}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>validation loss &lt;b&gt;{0}&lt;/b&gt;</source>
        <translation>验证损失 &lt;b&gt;{0}&lt;/b&gt;</translation>
    </message>
</context>
<context>
    <name>Canvas</name>
    <message>
        <source>unit {0}: o over the input plane</source>
        <translation>神经元 {0}：o 在输入平面上的图像</translation>
    </message>
    <message>
        <source>hidden {0} ({1})</source>
        <translation>隐藏层 {0}（{1}）</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>output ({0})</source>
        <translation>输出层（{0}）</translation>
    </message>
    <message>
        <source>input</source>
        <translation>输入层</translation>
    </message>
    <message>
        <source>could not write {0}</source>
        <translation>无法写入 {0}</translation>
    </message>
</context>
<context>
    <name>CanvasHint</name>
    <message>
        <source>Nothing trained yet: press &lt;b&gt;Space&lt;/b&gt; to train, &lt;b&gt;F9&lt;/b&gt; to walk one example through backpropagation step by step, or &lt;a href=&quot;example&quot; style=&quot;color: {0}&quot;&gt;open an example&lt;/a&gt; from the gallery.</source>
        <translation>尚未训练：按 &lt;b&gt;空格&lt;/b&gt; 开始训练，按 &lt;b&gt;F9&lt;/b&gt; 用单步模式把一个训练样例走完反向传播的每一步，或从示例库中&lt;a href=&quot;example&quot; style=&quot;color: {0}&quot;&gt;打开一个示例&lt;/a&gt;。</translation>
    </message>
</context>
<context>
    <name>CompareDialog</name>
    <message>
        <source>Compare with a twin</source>
        <translation>与孪生网络比较</translation>
    </message>
    <message>
        <source>The twin starts from the same weights and sees the examples in the same order (same seed); change the settings it should differ in. Both train side by side when you press Train.</source>
        <translation>孪生网络从相同的权重开始，以相同的顺序看到样例（相同的种子）；修改它应当不同的设置。按“训练”后两者并排训练。</translation>
    </message>
    <message>
        <source>Learning rate η</source>
        <translation>学习率 η</translation>
    </message>
    <message>
        <source>Momentum α</source>
        <translation>动量 α</translation>
    </message>
    <message>
        <source>Hidden activation</source>
        <translation>隐藏层激活函数</translation>
    </message>
    <message>
        <source>Another kind draws new initial weights (same seed)</source>
        <translation>换一种方式会产生新的初始权重（相同种子）</translation>
    </message>
    <message>
        <source>Initial weights</source>
        <translation>初始权重</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批量大小</translation>
    </message>
    <message>
        <source>Order of examples</source>
        <translation>样例呈现顺序</translation>
    </message>
    <message>
        <source>Dropout (hidden layers)</source>
        <translation>Dropout（隐藏层）</translation>
    </message>
    <message>
        <source>Pre-train the hidden layers as autoencoders first</source>
        <translation>先把隐藏层作为自动编码器进行预训练</translation>
    </message>
    <message>
        <source>Only an untrained network can be pre-trained (Reset training first)</source>
        <translation>只有未训练的网络才能预训练（请先重置训练）</translation>
    </message>
    <message>
        <source>Pre-training</source>
        <translation>预训练</translation>
    </message>
    <message>
        <source>Add twin</source>
        <translation>添加孪生网络</translation>
    </message>
    <message>
        <source>sigmoid</source>
        <translation>sigmoid</translation>
    </message>
    <message>
        <source>tanh</source>
        <translation>tanh</translation>
    </message>
    <message>
        <source>ReLU</source>
        <translation>ReLU</translation>
    </message>
    <message>
        <source>Leaky ReLU</source>
        <translation>Leaky ReLU</translation>
    </message>
    <message>
        <source>linear</source>
        <translation>线性</translation>
    </message>
    <message>
        <source>uniform</source>
        <translation>均匀分布</translation>
    </message>
    <message>
        <source>Xavier (normal)</source>
        <translation>Xavier（正态分布）</translation>
    </message>
    <message>
        <source>Xavier (uniform)</source>
        <translation>Xavier（均匀分布）</translation>
    </message>
    <message>
        <source>He (normal)</source>
        <translation>He（正态分布）</translation>
    </message>
    <message>
        <source>sequential</source>
        <translation>按顺序</translation>
    </message>
    <message>
        <source>shuffled</source>
        <translation>每轮重新排列</translation>
    </message>
    <message>
        <source>error emphasis</source>
        <translation>误差优先</translation>
    </message>
</context>
<context>
    <name>ConvLayerDialog</name>
    <message>
        <source>Add convolution layer</source>
        <translation>添加卷积层</translation>
    </message>
    <message>
        <source>How many filters (maps) the layer has</source>
        <translation>这一层有多少个滤波器（特征图）</translation>
    </message>
    <message>
        <source>The kernel&apos;s size along every axis</source>
        <translation>卷积核在每个轴上的大小</translation>
    </message>
    <message>
        <source>How far the kernel moves between positions</source>
        <translation>卷积核在相邻位置之间移动的距离（步幅）</translation>
    </message>
    <message>
        <source>Zeros added on every side of the input</source>
        <translation>在输入每一边补的零</translation>
    </message>
    <message>
        <source>o = f(z) of every position</source>
        <translation>每个位置的 o = f(z)</translation>
    </message>
    <message>
        <source>Filters</source>
        <translation>滤波器</translation>
    </message>
    <message>
        <source>Kernel</source>
        <translation>卷积核</translation>
    </message>
    <message>
        <source>Stride</source>
        <translation>步幅</translation>
    </message>
    <message>
        <source>Padding</source>
        <translation>补零</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>激活函数</translation>
    </message>
</context>
<context>
    <name>DataPanel</name>
    <message>
        <source>Generated data set</source>
        <translation>生成的数据集</translation>
    </message>
    <message>
        <source>A gallery example&apos;s data</source>
        <translation>示例库中某个示例的数据</translation>
    </message>
    <message>
        <source>Inline data of the file</source>
        <translation>文件内嵌的数据</translation>
    </message>
    <message>
        <source>CSV file</source>
        <translation>CSV 文件</translation>
    </message>
    <message>
        <source>samples</source>
        <translation>样例数</translation>
    </message>
    <message>
        <source>noise</source>
        <translation>噪声</translation>
    </message>
    <message>
        <source>seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <source>Where the training examples come from</source>
        <translation>训练样例的来源</translation>
    </message>
    <message>
        <source>Input transform fitted on the training part: x&apos; = (x − shift)/scale</source>
        <translation>在训练部分上拟合的输入变换：x&apos; = (x − 平移)/缩放</translation>
    </message>
    <message>
        <source>Inputs</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>Validation split</source>
        <translation>验证集划分</translation>
    </message>
    <message>
        <source>Example #</source>
        <translation>样例 #</translation>
    </message>
    <message>
        <source>Fit input/output layers to the data</source>
        <translation>使输入层/输出层适应数据</translation>
    </message>
    <message>
        <source>Resize the input and output layers to the data, label them from it and choose the output and loss that suit it (keeps the overlapping weights; undoable)</source>
        <translation>按数据调整输入层和输出层的大小，用数据为它们命名，并选择合适的输出激活函数和损失（保留重叠部分的权重；可撤销）</translation>
    </message>
    <message>
        <source>A built-in data set</source>
        <translation>内置数据集</translation>
    </message>
    <message>
        <source>choose a data set</source>
        <translation>选择数据集</translation>
    </message>
    <message>
        <source>Data set</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>样例数</translation>
    </message>
    <message>
        <source>Noise</source>
        <translation>噪声</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <source>A gallery example whose examples to use</source>
        <translation>使用哪个示例库示例的样例</translation>
    </message>
    <message>
        <source>Use</source>
        <translation>使用</translation>
    </message>
    <message>
        <source>Use the data of this gallery example (undoable)</source>
        <translation>使用这个示例库示例的数据（可撤销）</translation>
    </message>
    <message>
        <source>Choose CSV file…</source>
        <translation>选择 CSV 文件…</translation>
    </message>
    <message>
        <source>The column the network learns to predict</source>
        <translation>网络要学会预测的列</translation>
    </message>
    <message>
        <source>Target column</source>
        <translation>目标列</translation>
    </message>
    <message>
        <source>Use the inline data</source>
        <translation>使用内嵌数据</translation>
    </message>
    <message>
        <source>Use data set {0}</source>
        <translation>使用数据集 {0}</translation>
    </message>
    <message>
        <source>Change {0} of {1} to {2}</source>
        <translation>把 {1} 的 {0} 改为 {2}</translation>
    </message>
    <message>
        <source>⚠ {0} has no data</source>
        <translation>⚠ {0} 没有数据</translation>
    </message>
    <message>
        <source>Use the data of {0}</source>
        <translation>使用 {0} 的数据</translation>
    </message>
    <message>
        <source>Choose a CSV file</source>
        <translation>选择 CSV 文件</translation>
    </message>
    <message>
        <source>CSV files (*.csv *.txt);;All files (*)</source>
        <translation>CSV 文件 (*.csv *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>⚠ {0}: the header needs an input and a target column</source>
        <translation>⚠ {0}：表头需要一个输入列和一个目标列</translation>
    </message>
    <message>
        <source>Use {0}</source>
        <translation>使用 {0}</translation>
    </message>
    <message>
        <source>Use target column {0}</source>
        <translation>使用目标列 {0}</translation>
    </message>
    <message>
        <source>Change input transform to {0}</source>
        <translation>把输入变换改为 {0}</translation>
    </message>
    <message>
        <source>Change validation split to {0:g}</source>
        <translation>把验证集划分改为 {0:g}</translation>
    </message>
    <message>
        <source>Fit the input and output layers to the data</source>
        <translation>使输入层和输出层适应数据</translation>
    </message>
    <message>
        <source>The examples stored in the network file.</source>
        <translation>保存在网络文件中的样例。</translation>
    </message>
    <message>
        <source>This file has no inline examples.</source>
        <translation>这个文件没有内嵌样例。</translation>
    </message>
    <message>
        <source>This network has no data: choose a source above.</source>
        <translation>这个网络没有数据：请在上方选择来源。</translation>
    </message>
    <message>
        <source>{0}: {1} examples, {2} inputs</source>
        <translation>{0}：{1} 个样例，{2} 个输入</translation>
    </message>
    <message>
        <source>{0}, {1} classes ({2})</source>
        <translation>{0}，{1} 个类别（{2}）</translation>
    </message>
    <message>
        <source>{0}, {1} numeric targets</source>
        <translation>{0}，{1} 个数值目标</translation>
    </message>
</context>
<context>
    <name>DataPreview</name>
    <message>
        <source>target t</source>
        <translation>目标值 t</translation>
    </message>
</context>
<context>
    <name>DisplayMixin</name>
    <message>
        <source>&amp;Pause</source>
        <extracomment>While training runs, each redraw tick does one of these (see DisplayMixin._tick).</extracomment>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Train</source>
        <translation>训练(&amp;T)</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
</context>
<context>
    <name>Document</name>
    <message>
        <source>cannot load the data ({0}: {1})</source>
        <translation>无法加载数据（{0}：{1}）</translation>
    </message>
</context>
<context>
    <name>FileMixin</name>
    <message>
        <source>bpsim networks (*.bpsim);;All files (*)</source>
        <translation>bpsim 网络 (*.bpsim);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>未保存的修改</translation>
    </message>
    <message>
        <source>{0} has unsaved changes. Save them?</source>
        <translation>{0} 有未保存的修改。要保存吗？</translation>
    </message>
    <message>
        <source>Read-only file</source>
        <translation>只读文件</translation>
    </message>
    <message>
        <source>{0} is read-only.</source>
        <translation>{0} 是只读的。</translation>
    </message>
    <message>
        <source>Replace it anyway? It stays read-only afterwards.</source>
        <translation>仍然替换它吗？替换后它仍是只读的。</translation>
    </message>
    <message>
        <source>Replace</source>
        <translation>替换</translation>
    </message>
    <message>
        <source>Keep it</source>
        <translation>保留</translation>
    </message>
    <message>
        <source>Open network</source>
        <translation>打开网络</translation>
    </message>
    <message>
        <source>Save network</source>
        <translation>保存网络</translation>
    </message>
    <message>
        <source>Export canvas</source>
        <translation>导出画布</translation>
    </message>
    <message>
        <source>Cannot compare: {0}</source>
        <translation>无法比较：{0}</translation>
    </message>
    <message>
        <source>Cannot open {0}</source>
        <translation>无法打开 {0}</translation>
    </message>
    <message>
        <source>Opened {0}</source>
        <translation>已打开 {0}</translation>
    </message>
    <message>
        <source>Cannot save</source>
        <translation>无法保存</translation>
    </message>
    <message>
        <source>{0} is a gallery example; save your copy somewhere else.</source>
        <translation>{0} 是示例库中的示例；请把你的副本保存到别处。</translation>
    </message>
    <message>
        <source>Cannot save {0}</source>
        <translation>无法保存 {0}</translation>
    </message>
    <message>
        <source>Saved {0}</source>
        <translation>已保存 {0}</translation>
    </message>
    <message>
        <source>Cannot export</source>
        <translation>无法导出</translation>
    </message>
    <message>
        <source>Exported {0}</source>
        <translation>已导出 {0}</translation>
    </message>
    <message>
        <source>ONNX graph (*.onnx)</source>
        <translation>ONNX 计算图 (*.onnx)</translation>
    </message>
    <message>
        <source>NumPy archive (*.npz)</source>
        <translation>NumPy 归档 (*.npz)</translation>
    </message>
    <message>
        <source>Python file (*.py)</source>
        <translation>Python 文件 (*.py)</translation>
    </message>
    <message>
        <source>Export network</source>
        <translation>导出网络</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Clear list</source>
        <translation>清空列表</translation>
    </message>
    <message>
        <source>{0} no longer exists.</source>
        <translation>{0} 已不存在。</translation>
    </message>
</context>
<context>
    <name>FiltersDock</name>
    <message>
        <source>Filters</source>
        <translation>滤波器</translation>
    </message>
    <message>
        <source>No convolution layer: this view shows the kernels of conv layers as small images of their weights.</source>
        <translation>没有卷积层：这个视图把卷积层的卷积核按权重画成小图。</translation>
    </message>
    <message>
        <source> (the first {0} filters, {1} channels drawn)</source>
        <translation>（画出前 {0} 个滤波器、{1} 个通道）</translation>
    </message>
    <message>
        <source>Hidden {0}: {1} filters of {2}×{3}; blue &gt; 0, orange &lt; 0, full colour at |w| = {4:.3g}{5}</source>
        <translation>隐藏层 {0}：{1} 个 {2}×{3} 的滤波器；蓝色 &gt; 0，橙色 &lt; 0，|w| = {4:.3g} 时颜色最深{5}</translation>
    </message>
    <message>
        <source>Output: {1} filters of {2}×{3}; blue &gt; 0, orange &lt; 0, full colour at |w| = {4:.3g}{5}</source>
        <translation>输出层：{1} 个 {2}×{3} 的滤波器；蓝色 &gt; 0，橙色 &lt; 0，|w| = {4:.3g} 时颜色最深{5}</translation>
    </message>
</context>
<context>
    <name>FiltersView</name>
    <message>
        <source>filter {0}, channel {1}, ({2}): w = {3:.6g}</source>
        <translation>滤波器 {0}，通道 {1}，({2})：w = {3:.6g}</translation>
    </message>
</context>
<context>
    <name>GalleryDialog</name>
    <message>
        <source>Welcome to bpsim</source>
        <translation>欢迎使用 bpsim</translation>
    </message>
    <message>
        <source>Open example</source>
        <translation>打开示例</translation>
    </message>
    <message>
        <source>Pick a lesson to watch backpropagation at work, in the order of the lecture (the worked 3-2-1 example first), or start a network of your own.</source>
        <translation>按讲义的顺序选一课，观察反向传播如何工作（第一课是 3-2-1 的计算示例），或者新建你自己的网络。</translation>
    </message>
    <message>
        <source>Show this at start-up</source>
        <translation>启动时显示此窗口</translation>
    </message>
    <message>
        <source>No examples were found.</source>
        <translation>没有找到示例。</translation>
    </message>
    <message>
        <source>Open lesson</source>
        <translation>打开这一课</translation>
    </message>
    <message>
        <source>New network…</source>
        <translation>新建网络…</translation>
    </message>
    <message>
        <source>New from a CSV file…</source>
        <translation>从 CSV 文件新建…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>GradientNormDock</name>
    <message>
        <source>Gradient norms</source>
        <translation>梯度范数</translation>
    </message>
    <message>
        <source>||dE/dW|| per layer of the last mini-batch (log scale)</source>
        <translation>上一个小批量每层的 ||dE/dW||（对数坐标）</translation>
    </message>
    <message>
        <source>||dE/dW||</source>
        <translation>||dE/dW||</translation>
    </message>
    <message>
        <source>No training yet. The size of every layer&apos;s gradient appears here when training starts: layers far apart mean vanishing gradients.</source>
        <translation>尚未训练。训练开始后这里显示每层梯度的大小：各层相差很远就是梯度消失。</translation>
    </message>
</context>
<context>
    <name>HyperparametersPanel</name>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>momentum α</source>
        <translation>动量 α</translation>
    </message>
    <message>
        <source>batch size</source>
        <translation>批量大小</translation>
    </message>
    <message>
        <source>presentation order</source>
        <translation>呈现顺序</translation>
    </message>
    <message>
        <source>error floor</source>
        <translation>误差下限</translation>
    </message>
    <message>
        <source>stop after epochs</source>
        <translation>训练轮次上限</translation>
    </message>
    <message>
        <source>epochs</source>
        <translation>轮次数</translation>
    </message>
    <message>
        <source>validation split</source>
        <translation>验证集划分</translation>
    </message>
    <message>
        <source>precision</source>
        <translation>精度</translation>
    </message>
    <message>
        <source>weight decay</source>
        <translation>权重衰减</translation>
    </message>
    <message>
        <source>η</source>
        <translation>η</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>调度方式</translation>
    </message>
    <message>
        <source>Factor f</source>
        <translation>因子 f</translation>
    </message>
    <message>
        <source>Every k epochs</source>
        <translation>每 k 个轮次</translation>
    </message>
    <message>
        <source>Decay k</source>
        <translation>衰减 k</translation>
    </message>
    <message>
        <source>η over the epochs of one run</source>
        <translation>一次训练中 η 随轮次的变化</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>Updates</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>Momentum α</source>
        <translation>动量 α</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批量大小</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>呈现顺序</translation>
    </message>
    <message>
        <source>Error floor</source>
        <translation>误差下限</translation>
    </message>
    <message>
        <source>Stop after</source>
        <translation>训练轮次上限</translation>
    </message>
    <message>
        <source> epochs</source>
        <translation> 个轮次</translation>
    </message>
    <message>
        <source> epoch</source>
        <translation> 个轮次</translation>
    </message>
    <message>
        <source>Validation split</source>
        <translation>验证集划分</translation>
    </message>
    <message>
        <source>Training seed</source>
        <translation>训练种子</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>精度</translation>
    </message>
    <message>
        <source>Loss and regularisation</source>
        <translation>损失与正则化</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Weight decay λ</source>
        <translation>权重衰减 λ</translation>
    </message>
    <message>
        <source>Initialisation</source>
        <translation>初始化</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>Scale</source>
        <translation>尺度</translation>
    </message>
    <message>
        <source>Hidden layer {0} is a {1} layer: dropout applies to dense layers only</source>
        <translation>隐藏层 {0} 是{1}层：Dropout 只用于全连接层</translation>
    </message>
    <message>
        <source>training seed</source>
        <translation>训练种子</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <source>Re-initialise weights</source>
        <translation>重新初始化权重</translation>
    </message>
    <message>
        <source>Change {0} to {1}</source>
        <translation>把{0}改为 {1}</translation>
    </message>
    <message>
        <source>schedule</source>
        <translation>学习率调度方式</translation>
    </message>
    <message>
        <source>schedule factor</source>
        <translation>调度因子 f</translation>
    </message>
    <message>
        <source>schedule step</source>
        <translation>调度间隔 k</translation>
    </message>
    <message>
        <source>schedule decay</source>
        <translation>调度衰减 k</translation>
    </message>
    <message>
        <source>kind</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>scale</source>
        <translation>尺度</translation>
    </message>
    <message>
        <source>seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <source>Change initialisation {0} to {1}</source>
        <translation>把初始化的{0}改为 {1}</translation>
    </message>
    <message>
        <source>Change loss to {0}</source>
        <translation>把损失改为 {0}</translation>
    </message>
    <message>
        <source>Change dropout of hidden layer {0} to {1}</source>
        <translation>把隐藏层 {0} 的 Dropout 改为 {1}</translation>
    </message>
    <message>
        <source>Online: the weights change after every example.</source>
        <translation>在线：每个样例之后都更新权重。</translation>
    </message>
    <message>
        <source>Full batch: one update per epoch with all {0} examples.</source>
        <translation>全批量：每个轮次用全部 {0} 个样例更新一次。</translation>
    </message>
    <message>
        <source>Mini-batch: one update per {0} examples.</source>
        <translation>小批量：每 {0} 个样例更新一次。</translation>
    </message>
    <message>
        <source>Mini-batch: {0} updates per epoch of {1} examples.</source>
        <translation>小批量：{1} 个样例的每个轮次更新 {0} 次。</translation>
    </message>
    <message>
        <source>Hidden layer {0}: {1}</source>
        <translation>隐藏层 {0}：{1}</translation>
    </message>
    <message>
        <source>Dropout, hidden layer 1</source>
        <translation>Dropout，隐藏层 1</translation>
    </message>
    <message>
        <source>Dropout, hidden layers 1–{0}</source>
        <translation>Dropout，隐藏层 1–{0}</translation>
    </message>
</context>
<context>
    <name>InspectorPanel</name>
    <message>
        <source>Activation function f of the whole layer: o = f(z)</source>
        <translation>整层的激活函数 f：o = f(z)</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>激活函数</translation>
    </message>
    <message>
        <source>b_q in z_q = Σ_p w_pq·o_p + b_q: the weight from a constant input 1</source>
        <translation>z_q = Σ_p w_pq·o_p + b_q 中的 b_q：来自常数输入 1 的权重</translation>
    </message>
    <message>
        <source>Bias b</source>
        <translation>偏置 b</translation>
    </message>
    <message>
        <source>This example</source>
        <translation>当前样例</translation>
    </message>
    <message>
        <source>Incoming weights</source>
        <translation>输入权重</translation>
    </message>
    <message>
        <source>weight w</source>
        <translation>权重 w</translation>
    </message>
    <message>
        <source>w_pq from unit p of the previous layer; double-click a value to change it</source>
        <translation>来自上一层神经元 p 的 w_pq；双击数值可修改</translation>
    </message>
    <message>
        <source>w_pq: how strongly the output o_p of unit p drives the net input z_q = Σ_p w_pq·o_p + b_q</source>
        <translation>w_pq：神经元 p 的输出 o_p 对净输入 z_q = Σ_p w_pq·o_p + b_q 的影响有多强</translation>
    </message>
    <message>
        <source>Weight w</source>
        <translation>权重 w</translation>
    </message>
    <message>
        <source>Set activation of the {0} to {1}</source>
        <translation>把{0}的激活函数设为 {1}</translation>
    </message>
    <message>
        <source>Set bias of unit {0} to {1:g}</source>
        <translation>把神经元 {0} 的偏置设为 {1:g}</translation>
    </message>
    <message>
        <source>Set weight {0} to {1:g}</source>
        <translation>把权重 {0} 设为 {1:g}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Unit {0}&lt;/b&gt; of the {1}</source>
        <translation>{1}的&lt;b&gt;神经元 {0}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>input o = {0:.6g}</source>
        <translation>输入 o = {0:.6g}</translation>
    </message>
    <message>
        <source>from {0}</source>
        <translation>来自 {0}</translation>
    </message>
    <message>
        <source>no example</source>
        <translation>没有样例</translation>
    </message>
    <message>
        <source>z = {0:.6g}, o = f(z) = {1:.6g}</source>
        <translation>z = {0:.6g}，o = f(z) = {1:.6g}</translation>
    </message>
    <message>
        <source>&lt;b&gt;{0}&lt;/b&gt;: from unit {1} of the {2} to unit {3} of the {4}</source>
        <translation>&lt;b&gt;{0}&lt;/b&gt;：从{2}的神经元 {1} 到{4}的神经元 {3}</translation>
    </message>
    <message>
        <source>o_p = {0:.6g}, w·o_p = {1:.6g}</source>
        <translation>o_p = {0:.6g}，w·o_p = {1:.6g}</translation>
    </message>
    <message>
        <source>{0}: {1} unit</source>
        <translation>{0}：{1} 个神经元</translation>
    </message>
    <message>
        <source>{0}: {1} units</source>
        <translation>{0}：{1} 个神经元</translation>
    </message>
    <message>
        <source>Network {0}, {1} parameters, loss {2}.</source>
        <translation>网络 {0}，{1} 个参数，损失 {2}。</translation>
    </message>
    <message>
        <source>Click a neuron or a connection on the canvas to inspect and edit it; right-click for the network&apos;s editing menu.</source>
        <translation>点击画布上的神经元或连接可以查看和编辑它；右键打开网络的编辑菜单。</translation>
    </message>
</context>
<context>
    <name>KeepMixin</name>
    <message>
        <source>The training process answers again.</source>
        <translation>训练进程又有响应了。</translation>
    </message>
    <message>
        <source>kept: the training process stopped answering</source>
        <translation>已保留：训练进程停止响应</translation>
    </message>
    <message>
        <source>The training process has not answered for {0:.0f} s (it may have been stopped, or the computer is very busy). {1}</source>
        <translation>训练进程已有 {0:.0f} 秒没有响应（它可能已被停止，或者计算机非常繁忙）。{1}</translation>
    </message>
    <message>
        <source>{0}, {1}</source>
        <translation>{0}，{1}</translation>
    </message>
    <message>
        <source>The network holds the weights of the last pause.</source>
        <translation>网络保留上一次暂停时的权重。</translation>
    </message>
    <message>
        <source>The weights it had reached at step {0} are kept in the network (Edit &gt; Undo takes them back).</source>
        <translation>它在第 {0} 步达到的权重已保留在网络中（编辑 &gt; 撤销可以取回原来的权重）。</translation>
    </message>
    <message>
        <source>kept: the training process ended</source>
        <translation>已保留：训练进程结束了</translation>
    </message>
    <message>
        <source> at step {0} (epoch {1})</source>
        <translation>，在第 {0} 步（轮次 {1}）</translation>
    </message>
    <message>
        <source>Training stopped: {0}{1}. {2}</source>
        <translation>训练已停止：{0}{1}。{2}</translation>
    </message>
    <message>
        <source>kept when the window was closed</source>
        <translation>关闭窗口时保留</translation>
    </message>
</context>
<context>
    <name>LayerDialog</name>
    <message>
        <source>Add hidden layer</source>
        <translation>添加隐藏层</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>神经元</translation>
    </message>
    <message>
        <source>o = f(z) of the new units</source>
        <translation>新神经元的 o = f(z)</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>激活函数</translation>
    </message>
</context>
<context>
    <name>LearningRateDock</name>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>learning rate η</source>
        <translation>学习率 η</translation>
    </message>
    <message>
        <source>η = {0:.4g}</source>
        <translation>η = {0:.4g}</translation>
    </message>
</context>
<context>
    <name>LossDock</name>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Log scale</source>
        <translation>对数坐标</translation>
    </message>
    <message>
        <source>Raw mini-batch losses</source>
        <translation>原始小批量损失</translation>
    </message>
    <message>
        <source>Also draw the loss of every mini-batch (light); the dark grey curve is their moving average over about one epoch</source>
        <translation>同时画出每个小批量的损失（浅色）；深灰色曲线是它们约一个轮次的滑动平均</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>This network has no data yet: choose a data set in the Data dock, then press Space (Train) to see the loss fall here.</source>
        <translation>这个网络还没有数据：在“数据”面板中选择一个数据集，然后按空格（训练），就能在这里看到损失下降。</translation>
    </message>
    <message>
        <source>No training yet. Press Space (Train) and the loss appears here: per mini-batch (grey, smoothed) and per epoch (blue).</source>
        <translation>尚未训练。按空格（训练）后这里显示损失：每个小批量（灰色，平滑后）和每个轮次（蓝色）。</translation>
    </message>
    <message>
        <source>train</source>
        <translation>训练集</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>验证集</translation>
    </message>
    <message>
        <source>mini-batch</source>
        <translation>小批量</translation>
    </message>
    <message>
        <source>mini-batch, smoothed</source>
        <translation>小批量，平滑后</translation>
    </message>
    <message>
        <source>train (epoch)</source>
        <translation>训练集（轮次）</translation>
    </message>
    <message>
        <source>validation (epoch)</source>
        <translation>验证集（轮次）</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Hyperparameters</source>
        <translation>超参数</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>检查器</translation>
    </message>
    <message>
        <source>Mean loss of the training examples on the current weights</source>
        <translation>当前权重下训练样例的平均损失</translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <source>{0} (example)</source>
        <translation>{0}（示例）</translation>
    </message>
    <message>
        <source>{0} parameters</source>
        <translation>{0} 个参数</translation>
    </message>
    <message>
        <source>no data</source>
        <translation>没有数据</translation>
    </message>
    <message>
        <source>data and network sizes differ</source>
        <translation>数据与网络的大小不一致</translation>
    </message>
    <message>
        <source>no training examples</source>
        <translation>没有训练样例</translation>
    </message>
    <message>
        <source>loss {0:.4g} ({1}, {2} training examples)</source>
        <translation>损失 {0:.4g}（{1}，{2} 个训练样例）</translation>
    </message>
    <message>
        <source>loss {0:.4g} ({1}, {2} training example)</source>
        <translation>损失 {0:.4g}（{1}，{2} 个训练样例）</translation>
    </message>
    <message>
        <source> · accuracy {0:.0%}</source>
        <translation> · 准确率 {0:.0%}</translation>
    </message>
    <message>
        <source>About bpsim</source>
        <translation>关于 bpsim</translation>
    </message>
    <message>
        <source>bpsim {0}: a simulator of the backpropagation algorithm.</source>
        <translation>bpsim {0}：反向传播算法模拟器。</translation>
    </message>
    <message>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <source>Something went wrong: {0}

The document is unchanged unless the last action completed; the details were written to the log.</source>
        <translation>出错了：{0}

除非上一个操作已经完成，否则文档没有改变；详细信息已写入日志。</translation>
    </message>
    <message>
        <source>Cannot open {0}</source>
        <translation>无法打开 {0}</translation>
    </message>
    <message>
        <source>&amp;Train</source>
        <translation>训练(&amp;T)</translation>
    </message>
    <message>
        <source>Train / pause (Space): the network learns live</source>
        <translation>训练 / 暂停（空格）：实时观察网络学习</translation>
    </message>
    <message>
        <source>Step one &amp;Mini-batch</source>
        <translation>训练一个小批量(&amp;M)</translation>
    </message>
    <message>
        <source>Present one mini-batch and update</source>
        <translation>呈现一个小批量并更新权重</translation>
    </message>
    <message>
        <source>Step one &amp;Epoch</source>
        <translation>训练一个轮次(&amp;E)</translation>
    </message>
    <message>
        <source>Train to the end of the current epoch</source>
        <translation>训练到当前轮次结束</translation>
    </message>
    <message>
        <source>&amp;Reset Training</source>
        <translation>重置训练(&amp;R)</translation>
    </message>
    <message>
        <source>Back to the weights training started from (undoable)</source>
        <translation>回到训练开始时的权重（可撤销）</translation>
    </message>
    <message>
        <source>St&amp;op</source>
        <translation>停止(&amp;O)</translation>
    </message>
    <message>
        <source>Stop training (the next Train starts a new run)</source>
        <translation>停止训练（下一次训练从头开始）</translation>
    </message>
    <message>
        <source>Mini-batch</source>
        <translation>小批量</translation>
    </message>
    <message>
        <source>Epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>Epochs trained</source>
        <translation>已训练的轮次</translation>
    </message>
    <message>
        <source>Mini-batch steps trained</source>
        <translation>已训练的小批量步数</translation>
    </message>
    <message>
        <source>Mean training loss (last epoch, else the last mini-batches)</source>
        <translation>平均训练损失（上一个轮次的，否则为最近几个小批量的）</translation>
    </message>
    <message>
        <source>Training accuracy of the last epoch</source>
        <translation>上一个轮次的训练准确率</translation>
    </message>
    <message>
        <source>Training speed</source>
        <translation>训练速度</translation>
    </message>
    <message>
        <source>&amp;New…</source>
        <translation>新建(&amp;N)…</translation>
    </message>
    <message>
        <source>Create a new network</source>
        <translation>新建一个网络</translation>
    </message>
    <message>
        <source>New from a &amp;CSV File…</source>
        <translation>从 CSV 文件新建(&amp;C)…</translation>
    </message>
    <message>
        <source>A network made for your own data: inputs from the columns, outputs from the target</source>
        <translation>为你自己的数据建立网络：输入来自各列，输出来自目标列</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>Open a network file</source>
        <translation>打开网络文件</translation>
    </message>
    <message>
        <source>Open &amp;Example…</source>
        <translation>打开示例(&amp;E)…</translation>
    </message>
    <message>
        <source>Open one of the gallery&apos;s example networks (as a copy)</source>
        <translation>打开示例库中的一个示例网络（作为副本）</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Save the network</source>
        <translation>保存网络</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>Save the network under a new name</source>
        <translation>用新名称保存网络</translation>
    </message>
    <message>
        <source>Export Canvas as &amp;PNG…</source>
        <translation>把画布导出为 &amp;PNG…</translation>
    </message>
    <message>
        <source>Save a picture</source>
        <translation>保存图片</translation>
    </message>
    <message>
        <source>Export Canvas as S&amp;VG…</source>
        <translation>把画布导出为 S&amp;VG…</translation>
    </message>
    <message>
        <source>Save a vector drawing</source>
        <translation>保存矢量图</translation>
    </message>
    <message>
        <source>Export &amp;Network…</source>
        <translation>导出网络(&amp;N)…</translation>
    </message>
    <message>
        <source>Save the network as an ONNX graph, a NumPy archive or a Python file that computes its outputs</source>
        <translation>把网络保存为 ONNX 计算图、NumPy 归档或能计算其输出的 Python 文件</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Quit bpsim</source>
        <translation>退出 bpsim</translation>
    </message>
    <message>
        <source>&amp;Fit Network in View</source>
        <translation>缩放以显示整个网络(&amp;F)</translation>
    </message>
    <message>
        <source>Zoom so that the whole network is visible</source>
        <translation>缩放画布，使整个网络都可见</translation>
    </message>
    <message>
        <source>&amp;Re-initialise Weights</source>
        <translation>重新初始化权重(&amp;R)</translation>
    </message>
    <message>
        <source>Draw every weight anew with the chosen initialisation (undoable)</source>
        <translation>按所选的初始化方式重新生成每个权重（可撤销）</translation>
    </message>
    <message>
        <source>Add Hidden &amp;Layer After Selected…</source>
        <translation>在所选层之后添加隐藏层(&amp;L)…</translation>
    </message>
    <message>
        <source>Add a hidden layer after the selected layer</source>
        <translation>在所选层之后添加一个隐藏层</translation>
    </message>
    <message>
        <source>Add Hidden Layer &amp;Before Selected…</source>
        <translation>在所选层之前添加隐藏层(&amp;B)…</translation>
    </message>
    <message>
        <source>Add a hidden layer before the selected layer</source>
        <translation>在所选层之前添加一个隐藏层</translation>
    </message>
    <message>
        <source>Add &amp;Convolution Layer After Selected…</source>
        <translation>在所选层之后添加卷积层(&amp;C)…</translation>
    </message>
    <message>
        <source>Add a conv layer (shared weights) after the selected input with a shape, conv or max-pool layer</source>
        <translation>在所选的带形状输入层、卷积层或最大池化层之后添加一个卷积层（共享权重）</translation>
    </message>
    <message>
        <source>Add &amp;Max-Pool Layer After Selected…</source>
        <translation>在所选层之后添加最大池化层(&amp;M)…</translation>
    </message>
    <message>
        <source>Add a max-pool layer after the selected input with a shape, conv or max-pool layer</source>
        <translation>在所选的带形状输入层、卷积层或最大池化层之后添加一个最大池化层</translation>
    </message>
    <message>
        <source>Remove Selected La&amp;yer</source>
        <translation>删除所选层(&amp;Y)</translation>
    </message>
    <message>
        <source>Remove the selected hidden layer</source>
        <translation>删除所选的隐藏层</translation>
    </message>
    <message>
        <source>Add &amp;Unit to Selected Layer</source>
        <translation>向所选层添加神经元(&amp;U)</translation>
    </message>
    <message>
        <source>Add a neuron to the selected layer</source>
        <translation>向所选层添加一个神经元</translation>
    </message>
    <message>
        <source>Remove Selected U&amp;nit</source>
        <translation>删除所选神经元(&amp;N)</translation>
    </message>
    <message>
        <source>Remove the selected neuron</source>
        <translation>删除所选的神经元</translation>
    </message>
    <message>
        <source>Fit Input/Output Layers to the &amp;Data</source>
        <translation>使输入层/输出层适应数据(&amp;D)</translation>
    </message>
    <message>
        <source>Sizes, labels, output activation and loss that suit the data (as bpsim new chooses them)</source>
        <translation>选择适合数据的大小、标签、输出激活函数和损失（与 bpsim new 的选择相同）</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>Add layer…</source>
        <translation>添加层…</translation>
    </message>
    <message>
        <source>Re-initialise</source>
        <translation>重新初始化</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>适应窗口</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
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
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Network</source>
        <translation>网络(&amp;N)</translation>
    </message>
    <message>
        <source>Train (coming)</source>
        <translation>训练（即将推出）</translation>
    </message>
    <message>
        <source>&amp;Step</source>
        <translation>单步(&amp;S)</translation>
    </message>
    <message>
        <source>Step by step (coming)</source>
        <translation>单步模式（即将推出）</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About bpsim</source>
        <translation>关于 bpsim(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>Set &amp;Activation of Selected Layer</source>
        <translation>设置所选层的激活函数(&amp;A)</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>主工具栏</translation>
    </message>
</context>
<context>
    <name>MapEditing</name>
    <message>
        <source>Set shared weight {0} to {1:g}</source>
        <translation>把共享权重 {0} 设为 {1:g}</translation>
    </message>
    <message>
        <source>Select the input with a shape, a conv or a max-pool layer first</source>
        <translation>请先选择带形状的输入层、卷积层或最大池化层</translation>
    </message>
    <message>
        <source>Add conv layer of {0} filters</source>
        <translation>添加含 {0} 个滤波器的卷积层</translation>
    </message>
    <message>
        <source>Add max-pool layer with a {0}-wide window</source>
        <translation>添加窗口宽度为 {0} 的最大池化层</translation>
    </message>
</context>
<context>
    <name>NetworkCanvas</name>
    <message>
        <source>Collapse layer</source>
        <translation>折叠层</translation>
    </message>
    <message>
        <source>Expand layer ({0} units)</source>
        <translation>展开层（{0} 个神经元）</translation>
    </message>
    <message>
        <source>Fit network in view</source>
        <translation>缩放以显示整个网络</translation>
    </message>
</context>
<context>
    <name>NetworkMixin</name>
    <message>
        <source>Edit weight</source>
        <translation>编辑权重</translation>
    </message>
    <message>
        <source>{0} =</source>
        <translation>{0} =</translation>
    </message>
    <message>
        <source>Cannot change the network</source>
        <translation>无法修改网络</translation>
    </message>
    <message>
        <source>Add hidden layer of {0} units</source>
        <translation>添加含 {0} 个神经元的隐藏层</translation>
    </message>
    <message>
        <source>Select a unit of a hidden layer first</source>
        <translation>请先选择隐藏层中的一个神经元</translation>
    </message>
    <message>
        <source>Remove {0} ({1} units)</source>
        <translation>删除{0}（{1} 个神经元）</translation>
    </message>
    <message>
        <source>Select a unit of the layer first</source>
        <translation>请先选择该层中的一个神经元</translation>
    </message>
    <message>
        <source>Add unit to the {0}</source>
        <translation>向{0}添加神经元</translation>
    </message>
    <message>
        <source>Select a unit first</source>
        <translation>请先选择一个神经元</translation>
    </message>
    <message>
        <source>Remove unit {0}</source>
        <translation>删除神经元 {0}</translation>
    </message>
    <message>
        <source>Set activation of the {0} to {1}</source>
        <translation>把{0}的激活函数设为 {1}</translation>
    </message>
    <message>
        <source>No data</source>
        <translation>没有数据</translation>
    </message>
    <message>
        <source>This network has no data.</source>
        <translation>这个网络没有数据。</translation>
    </message>
    <message>
        <source>Fit the input and output layers to the data</source>
        <translation>使输入层和输出层适应数据</translation>
    </message>
    <message>
        <source>Re-initialise weights</source>
        <translation>重新初始化权重</translation>
    </message>
    <message>
        <source>Set weight {0} to {1:g}</source>
        <translation>把权重 {0} 设为 {1:g}</translation>
    </message>
    <message>
        <source>Edit Weight {0}…</source>
        <translation>编辑权重 {0}…</translation>
    </message>
    <message>
        <source>Collapse Layer</source>
        <translation>折叠层</translation>
    </message>
    <message>
        <source>Show All Units of Layer</source>
        <translation>显示该层的全部神经元</translation>
    </message>
</context>
<context>
    <name>NewNetworkDialog</name>
    <message>
        <source>New network</source>
        <translation>新建网络</translation>
    </message>
    <message>
        <source>Layer by layer</source>
        <translation>逐层设置</translation>
    </message>
    <message>
        <source>From a CSV file</source>
        <translation>来自 CSV 文件</translation>
    </message>
    <message>
        <source>Units per layer from input to output, e.g. 2-8-8-1</source>
        <translation>从输入到输出每层的神经元数，如 2-8-8-1</translation>
    </message>
    <message>
        <source>Layer sizes</source>
        <translation>各层大小</translation>
    </message>
    <message>
        <source>o = f(z) of every hidden unit</source>
        <translation>每个隐藏神经元的 o = f(z)</translation>
    </message>
    <message>
        <source>Hidden activation</source>
        <translation>隐藏层激活函数</translation>
    </message>
    <message>
        <source>o = f(z) of the output units</source>
        <translation>输出神经元的 o = f(z)</translation>
    </message>
    <message>
        <source>Output activation</source>
        <translation>输出层激活函数</translation>
    </message>
    <message>
        <source>Initialisation</source>
        <translation>初始化</translation>
    </message>
    <message>
        <source>Scale</source>
        <translation>尺度</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>The examples to train on (the Data dock offers more: a gallery example&apos;s data, a CSV file)</source>
        <translation>用来训练的样例（“数据”面板提供更多选择：示例库示例的数据、CSV 文件）</translation>
    </message>
    <message>
        <source>none (choose later in the Data dock)</source>
        <translation>无（稍后在“数据”面板中选择）</translation>
    </message>
    <message>
        <source>Data set</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Reading {0}…</source>
        <translation>正在读取 {0}…</translation>
    </message>
    <message>
        <source>{0} layers, {1} parameters</source>
        <translation>{0} 层，{1} 个参数</translation>
    </message>
</context>
<context>
    <name>PlotDock</name>
    <message>
        <source>output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>hidden {0}</source>
        <translation>隐藏层 {0}</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>Export…</source>
        <extracomment>Class colours (Tableau 10): distinguishable and readable on light and dark backgrounds.</extracomment>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Export as PNG…</source>
        <translation>导出为 PNG…</translation>
    </message>
    <message>
        <source>Export as SVG…</source>
        <translation>导出为 SVG…</translation>
    </message>
    <message>
        <source>Export data as CSV…</source>
        <translation>把数据导出为 CSV…</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <source>SVG drawing (*.svg)</source>
        <translation>SVG 矢量图 (*.svg)</translation>
    </message>
    <message>
        <source>CSV table (*.csv)</source>
        <translation>CSV 表格 (*.csv)</translation>
    </message>
</context>
<context>
    <name>PoolLayerDialog</name>
    <message>
        <source>Add max-pool layer</source>
        <translation>添加最大池化层</translation>
    </message>
    <message>
        <source>The pooling window along every axis (= its stride): each value is the largest of its window</source>
        <translation>每个轴上的池化窗口（= 其步幅）：每个值都是其窗口中的最大值</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>窗口</translation>
    </message>
</context>
<context>
    <name>PretrainView</name>
    <message>
        <source>Pre-training layer by layer</source>
        <translation>逐层预训练</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在开始…</translation>
    </message>
    <message>
        <source>reconstruction loss</source>
        <translation>重构损失</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>inputs (top) and reconstructions</source>
        <translation>输入（上）与重构</translation>
    </message>
    <message>
        <source>first layer&apos;s weights</source>
        <translation>第一层的权重</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>hidden {0}</source>
        <translation>隐藏层 {0}</translation>
    </message>
    <message>
        <source>Layer {0} of {1} (hidden {2}): epoch {3} of {4}, reconstruction loss {5:.4g}</source>
        <translation>第 {0} 层，共 {1} 层（隐藏层 {2}）：轮次 {3} / {4}，重构损失 {5:.4g}</translation>
    </message>
    <message>
        <source>Cannot pre-train: {0}</source>
        <translation>无法预训练：{0}</translation>
    </message>
    <message>
        <source>hidden {0}: {1:.4g} → {2:.4g}</source>
        <translation>隐藏层 {0}：{1:.4g} → {2:.4g}</translation>
    </message>
    <message>
        <source>Stopped ({0}).</source>
        <translation>已停止（{0}）。</translation>
    </message>
    <message>
        <source>Done: one undoable edit (Edit → Undo).</source>
        <translation>完成：一次可撤销的修改（编辑 → 撤销）。</translation>
    </message>
    <message>
        <source>Reconstruction loss per example: {0}</source>
        <translation>每个样例的重构损失：{0}</translation>
    </message>
</context>
<context>
    <name>Pretraining</name>
    <message>
        <source>Pre-train Layer by &amp;Layer…</source>
        <translation>逐层预训练(&amp;L)…</translation>
    </message>
    <message>
        <source>Pre-train the hidden layers one by one as autoencoders (lecture §10), then fine-tune with Train; one undoable edit</source>
        <translation>把隐藏层逐个作为自动编码器进行预训练（讲义 §10），然后用“训练”微调；一次可撤销的修改</translation>
    </message>
    <message>
        <source>Cannot pre-train: the network has no dense hidden layer.</source>
        <translation>无法预训练：网络没有全连接的隐藏层。</translation>
    </message>
    <message>
        <source>Pre-train {0} hidden layer(s)</source>
        <translation>预训练 {0} 个隐藏层</translation>
    </message>
</context>
<context>
    <name>RunsController</name>
    <message>
        <source>&amp;Compare…</source>
        <translation>比较(&amp;C)…</translation>
    </message>
    <message>
        <source>Train a twin of this network with other settings beside it, from the same initial weights and the same order of examples</source>
        <translation>用其他设置在旁边训练这个网络的孪生网络，初始权重和样例顺序都相同</translation>
    </message>
    <message>
        <source>diverged at step {0}</source>
        <translation>在第 {0} 步发散</translation>
    </message>
</context>
<context>
    <name>RunsDock</name>
    <message>
        <source>Runs</source>
        <translation>训练记录</translation>
    </message>
    <message>
        <source>Every training run of this window (at most {0}; the oldest finished run goes first). Ticked runs are drawn over the loss, accuracy and learning-rate plots, each in its colour: training solid, validation dashed.</source>
        <translation>这个窗口的每一次训练（最多 {0} 次；最早结束的先被移除）。勾选的训练按各自的颜色画在损失、准确率和学习率图上：训练集为实线，验证集为虚线。</translation>
    </message>
    <message>
        <source>No runs yet. Each training run is kept here; Compare… trains a twin of this network beside it.</source>
        <translation>还没有训练记录。每一次训练都保存在这里；“比较…”在旁边训练这个网络的孪生网络。</translation>
    </message>
    <message>
        <source>Compare…</source>
        <translation>比较…</translation>
    </message>
    <message>
        <source>Train a twin of this network with other settings beside it, from the same initial weights and the same order of examples</source>
        <translation>用其他设置在旁边训练这个网络的孪生网络，初始权重和样例顺序都相同</translation>
    </message>
    <message>
        <source>Forget the unticked runs</source>
        <translation>移除未勾选的训练</translation>
    </message>
    <message>
        <source> (this network)</source>
        <translation>（当前网络）</translation>
    </message>
    <message>
        <source> (twin)</source>
        <translation>（孪生网络）</translation>
    </message>
</context>
<context>
    <name>StepController</name>
    <message>
        <source>Step by Step</source>
        <translation>单步模式</translation>
    </message>
    <message>
        <source>Walk one example through backpropagation, formula by formula, on the canvas</source>
        <translation>在画布上逐个公式地把一个训练样例走完反向传播</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>从头开始</translation>
    </message>
    <message>
        <source>Back to before the first line</source>
        <translation>回到第一行之前</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>上一步</translation>
    </message>
    <message>
        <source>The previous line (←)</source>
        <translation>上一行（←）</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>The next line (→)</source>
        <translation>下一行（→）</translation>
    </message>
    <message>
        <source>End of Phase</source>
        <translation>本阶段结束</translation>
    </message>
    <message>
        <source>Jump to the end of the current phase</source>
        <translation>跳到当前阶段的结尾</translation>
    </message>
    <message>
        <source>To End</source>
        <translation>到结尾</translation>
    </message>
    <message>
        <source>Compute everything: the new weights</source>
        <translation>全部算完：得到新权重</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>Set the network&apos;s weights to the new weights (one undoable edit)</source>
        <translation>把网络的权重设为新权重（一次可撤销的修改）</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>放弃</translation>
    </message>
    <message>
        <source>Forget this step and start again (the network is not changed)</source>
        <translation>放弃这一步并重新开始（网络不变）</translation>
    </message>
    <message>
        <source>Step by step</source>
        <translation>单步模式</translation>
    </message>
    <message>
        <source>&amp;Step</source>
        <translation>单步(&amp;S)</translation>
    </message>
    <message>
        <source>of {0}</source>
        <translation>/ {0}</translation>
    </message>
    <message>
        <source>(no data)</source>
        <translation>（没有数据）</translation>
    </message>
    <message>
        <source>The network has no data: type an input and a target.</source>
        <translation>网络没有数据：请输入一个输入值和一个目标值。</translation>
    </message>
    <message>
        <source>the network has no data</source>
        <translation>网络没有数据</translation>
    </message>
    <message>
        <source>the training data has {0} examples</source>
        <translation>训练数据有 {0} 个样例</translation>
    </message>
    <message>
        <source>the network needs {0} input values and {1} target values; got {2} and {3}</source>
        <translation>网络需要 {0} 个输入值和 {1} 个目标值；实际得到 {2} 个和 {3} 个</translation>
    </message>
    <message>
        <source>  Dropout is off in the Step mode (as in bpsim step).</source>
        <translation>  单步模式中不使用 Dropout（与 bpsim step 相同）。</translation>
    </message>
    <message>
        <source>The network changed: the step starts again from the current weights.</source>
        <translation>网络已改变：这一步从当前权重重新开始。</translation>
    </message>
    <message>
        <source>Apply step for {0}</source>
        <translation>应用{0}的这一步</translation>
    </message>
    <message>
        <source>Applied: {0}&apos;s update (undo with Ctrl+Z). The next step starts from the new weights.</source>
        <translation>已应用：{0}的更新（用 Ctrl+Z 撤销）。下一步从新权重开始。</translation>
    </message>
    <message>
        <source>Step discarded: the network is unchanged.</source>
        <translation>已放弃这一步：网络没有改变。</translation>
    </message>
    <message>
        <source>Rounded like the textbook: each result is computed from the rounded numbers shown; Apply uses the exact values.</source>
        <translation>像教材一样取整：每个结果都由显示的取整数值算出；“应用”使用精确值。</translation>
    </message>
</context>
<context>
    <name>StepPanel</name>
    <message>
        <source>Decimals shown (deltas and changes get one more)</source>
        <translation>显示的小数位数（误差项和变化量多一位）</translation>
    </message>
    <message>
        <source>Round like the textbook</source>
        <translation>像教材一样取整</translation>
    </message>
    <message>
        <source>Compute every shown result from the rounded numbers shown before it, as the textbook does by hand. Apply always uses the exact values.</source>
        <translation>像教材手算那样，每个显示的结果都由之前显示的取整数值算出。“应用”始终使用精确值。</translation>
    </message>
    <message>
        <source>target</source>
        <translation>目标值</translation>
    </message>
    <message>
        <source>Decimals</source>
        <translation>小数位数</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Example</source>
        <translation>样例</translation>
    </message>
    <message>
        <source>Typed</source>
        <translation>手动输入</translation>
    </message>
    <message>
        <source>input: 1, 0, 1</source>
        <translation>输入：1, 0, 1</translation>
    </message>
    <message>
        <source>Copy the table (tab-separated) to the clipboard</source>
        <translation>把表格（制表符分隔）复制到剪贴板</translation>
    </message>
    <message>
        <source>CSV…</source>
        <translation>CSV…</translation>
    </message>
    <message>
        <source>Export the table as a CSV file</source>
        <translation>把表格导出为 CSV 文件</translation>
    </message>
    <message>
        <source>Markdown…</source>
        <translation>Markdown…</translation>
    </message>
    <message>
        <source>Export the table as a Markdown file</source>
        <translation>把表格导出为 Markdown 文件</translation>
    </message>
    <message>
        <source>No step</source>
        <translation>没有单步</translation>
    </message>
    <message>
        <source>Ready: {0}</source>
        <translation>就绪：{0}</translation>
    </message>
    <message>
        <source>Press Next (→) to start the forward pass of input x = ({0}) with target t = ({1}).</source>
        <translation>按“下一步”（→）开始输入 x = ({0})、目标值 t = ({1}) 的前向传播。</translation>
    </message>
    <message>
        <source>{0}. {1}</source>
        <translation>{0}. {1}</translation>
    </message>
    <message>
        <source>line {0} of {1} · {2}</source>
        <translation>第 {0} 行，共 {1} 行 · {2}</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <source>Export table</source>
        <translation>导出表格</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>步骤</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>神经元</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>权重</translation>
    </message>
</context>
<context>
    <name>StepSession</name>
    <message>
        <source>a typed example</source>
        <translation>手动输入的样例</translation>
    </message>
    <message>
        <source>example {0}</source>
        <translation>样例 {0}</translation>
    </message>
</context>
<context>
    <name>StepTable</name>
    <message>
        <source>Phase</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>量</translation>
    </message>
    <message>
        <source>Formula</source>
        <translation>公式</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>神经元</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Net input z</source>
        <translation>净输入 z</translation>
    </message>
    <message>
        <source>Output o</source>
        <translation>输出 o</translation>
    </message>
    <message>
        <source>Error t - o</source>
        <translation>误差 t - o</translation>
    </message>
    <message>
        <source>Weight or bias</source>
        <translation>权重或偏置</translation>
    </message>
    <message>
        <source>Old</source>
        <translation>旧值</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新值</translation>
    </message>
</context>
<context>
    <name>Tips</name>
    <message>
        <source>Δw_pq = η·δ_q·o_p: how far each update moves the weights.</source>
        <translation>Δw_pq = η·δ_q·o_p：每次更新使权重移动多远。</translation>
    </message>
    <message>
        <source>How η changes over the epochs t: constant η0, step η0·f^⌊t/k⌋, exponential η0·f^t, inverse time η0/(1+k·t).</source>
        <translation>η 随轮次 t 的变化：固定 η0，阶梯 η0·f^⌊t/k⌋，指数 η0·f^t，反时 η0/(1+k·t)。</translation>
    </message>
    <message>
        <source>f: the factor η is multiplied by (step: every k epochs; exponential: every epoch).</source>
        <translation>f：η 所乘的因子（阶梯：每 k 个轮次；指数：每个轮次）。</translation>
    </message>
    <message>
        <source>k: the number of epochs between two steps of the step schedule.</source>
        <translation>k：阶梯调度两次下降之间的轮次数。</translation>
    </message>
    <message>
        <source>k in η(t) = η0/(1 + k·t): how fast the learning rate decays.</source>
        <translation>η(t) = η0/(1 + k·t) 中的 k：学习率衰减得多快。</translation>
    </message>
    <message>
        <source>Δw(t) = η·δ·o + α·Δw(t−1): α keeps a share of the previous step.</source>
        <translation>Δw(t) = η·δ·o + α·Δw(t−1)：α 保留上一步的一部分。</translation>
    </message>
    <message>
        <source>Examples per weight update: 1 = online (after every example), N = full batch (one update per epoch with the mean gradient).</source>
        <translation>每次权重更新的样例数：1 = 在线（每个样例之后），N = 全批量（每个轮次用平均梯度更新一次）。</translation>
    </message>
    <message>
        <source>The order the examples are presented in every epoch.</source>
        <translation>每个轮次中样例的呈现顺序。</translation>
    </message>
    <message>
        <source>p_i = floor/N + (1−floor)·e_i/Σe: every example keeps at least floor/N.</source>
        <translation>p_i = floor/N + (1−floor)·e_i/Σe：每个样例至少保留 floor/N 的概率。</translation>
    </message>
    <message>
        <source>How many passes over the training examples a run makes: bpsim train always; the window only with “Stop after” checked (otherwise it trains until paused).</source>
        <translation>一次训练遍历训练样例的次数：bpsim train 总是遵守；窗口中只在勾选“训练轮次上限”时遵守（否则一直训练到暂停）。</translation>
    </message>
    <message>
        <source>Checked: training in the window stops by itself after this many epochs. Unchecked: it runs until you pause it (Space).</source>
        <translation>勾选：窗口中的训练在这么多轮次后自动停止。不勾选：一直训练到你暂停（空格）。</translation>
    </message>
    <message>
        <source>The error E that training minimises (cross entropy needs a softmax or sigmoid output layer).</source>
        <translation>训练要最小化的误差 E（交叉熵需要 softmax 或 sigmoid 输出层）。</translation>
    </message>
    <message>
        <source>Δw = … − η·λ·w: pulls every weight (not the biases) towards zero.</source>
        <translation>Δw = … − η·λ·w：把每个权重（不含偏置）拉向零。</translation>
    </message>
    <message>
        <source>Probability p that a unit of this layer is switched off for an example during training; kept outputs are scaled by 1/(1−p).</source>
        <translation>训练时这一层的神经元对一个样例被关闭的概率 p；保留的输出乘以 1/(1−p)。</translation>
    </message>
    <message>
        <source>How new weights are drawn (for new layers, new units and Re-initialise).</source>
        <translation>新权重如何产生（用于新层、新神经元和重新初始化）。</translation>
    </message>
    <message>
        <source>uniform: a in U[−a, a]; Xavier/He: multiplies σ (or r) of the formula.</source>
        <translation>均匀分布：U[−a, a] 中的 a；Xavier/He：乘以公式中的 σ（或 r）。</translation>
    </message>
    <message>
        <source>Seed of the random numbers for new weights (same seed → same weights).</source>
        <translation>新权重所用随机数的种子（相同种子 → 相同权重）。</translation>
    </message>
    <message>
        <source>Seed of shuffling, dropout and the validation split: the same seed repeats a run.</source>
        <translation>重新排列、Dropout 和验证集划分的种子：相同种子重复同一次训练。</translation>
    </message>
    <message>
        <source>Draw every weight and bias anew with the initialisation above (undoable).</source>
        <translation>按上面的初始化方式重新生成每个权重和偏置（可撤销）。</translation>
    </message>
    <message>
        <source>Share of the examples held out to measure generalisation; they are never trained on.</source>
        <translation>留出用来衡量泛化能力的样例比例；它们从不参与训练。</translation>
    </message>
    <message>
        <source>Floating-point precision: float64 (exact) or float32 (faster on large networks).</source>
        <translation>浮点精度：float64（精确）或 float32（大网络上更快）。</translation>
    </message>
    <message>
        <source>How many examples the generator draws.</source>
        <translation>生成器产生的样例数。</translation>
    </message>
    <message>
        <source>How much random noise is added to the examples.</source>
        <translation>加到样例上的随机噪声有多大。</translation>
    </message>
    <message>
        <source>Seed of the generator: the same seed gives the same examples.</source>
        <translation>生成器的种子：相同种子产生相同样例。</translation>
    </message>
    <message>
        <source>The example whose forward pass fills the neurons of the network.</source>
        <translation>用其前向传播结果填充网络神经元的样例。</translation>
    </message>
    <message>
        <source>E = ½·Σ_k (t_k − o_k)² (the seed&apos;s error)</source>
        <translation>E = ½·Σ_k (t_k − o_k)²（讲义中的误差）</translation>
    </message>
    <message>
        <source>E = (1/K)·Σ_k (t_k − o_k)²</source>
        <translation>E = (1/K)·Σ_k (t_k − o_k)²</translation>
    </message>
    <message>
        <source>E = −Σ_k t_k·log o_k (softmax) or the binary form (sigmoid)</source>
        <translation>E = −Σ_k t_k·log o_k（softmax）或其二分类形式（sigmoid）</translation>
    </message>
    <message>
        <source>The examples in file order every epoch.</source>
        <translation>每个轮次都按文件中的顺序呈现样例。</translation>
    </message>
    <message>
        <source>A new random order every epoch.</source>
        <translation>每个轮次重新随机排列。</translation>
    </message>
    <message>
        <source>Examples with a large error are drawn more often.</source>
        <translation>误差大的样例被抽到得更频繁。</translation>
    </message>
    <message>
        <source>w ~ U[−a, a] (the seed&apos;s small random numbers)</source>
        <translation>w ~ U[−a, a]（讲义中“小的随机数”）</translation>
    </message>
    <message>
        <source>w ~ N(0, σ²), σ = √(2/(N_in+N_out))</source>
        <translation>w ~ N(0, σ²)，σ = √(2/(N_in+N_out))</translation>
    </message>
    <message>
        <source>w ~ U[−r, r], r = √(6/(N_in+N_out))</source>
        <translation>w ~ U[−r, r]，r = √(6/(N_in+N_out))</translation>
    </message>
    <message>
        <source>w ~ N(0, σ²), σ = √(2/N_in) (for ReLU layers)</source>
        <translation>w ~ N(0, σ²)，σ = √(2/N_in)（用于 ReLU 层）</translation>
    </message>
    <message>
        <source>constant</source>
        <translation>固定</translation>
    </message>
    <message>
        <source>step decay</source>
        <translation>阶梯衰减</translation>
    </message>
    <message>
        <source>exponential</source>
        <translation>指数</translation>
    </message>
    <message>
        <source>inverse time</source>
        <translation>反时</translation>
    </message>
    <message>
        <source>sequential</source>
        <translation>按顺序</translation>
    </message>
    <message>
        <source>shuffle</source>
        <translation>每轮重新排列</translation>
    </message>
    <message>
        <source>error emphasis</source>
        <translation>误差优先</translation>
    </message>
    <message>
        <source>sse (sum of squares)</source>
        <translation>sse（平方和）</translation>
    </message>
    <message>
        <source>mse (mean square)</source>
        <translation>mse（均方）</translation>
    </message>
    <message>
        <source>cross entropy</source>
        <translation>交叉熵</translation>
    </message>
    <message>
        <source>uniform</source>
        <translation>均匀分布</translation>
    </message>
    <message>
        <source>Xavier normal</source>
        <translation>Xavier 正态分布</translation>
    </message>
    <message>
        <source>Xavier uniform</source>
        <translation>Xavier 均匀分布</translation>
    </message>
    <message>
        <source>He normal</source>
        <translation>He 正态分布</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>standardize</source>
        <translation>标准化</translation>
    </message>
    <message>
        <source>min-max</source>
        <translation>最小-最大缩放</translation>
    </message>
    <message>
        <source>circles</source>
        <translation>同心圆</translation>
    </message>
    <message>
        <source>moons</source>
        <translation>双月形</translation>
    </message>
    <message>
        <source>spirals</source>
        <translation>双螺旋</translation>
    </message>
    <message>
        <source>gaussians</source>
        <translation>高斯团</translation>
    </message>
    <message>
        <source>checkerboard</source>
        <translation>棋盘格</translation>
    </message>
    <message>
        <source>sine</source>
        <translation>正弦</translation>
    </message>
    <message>
        <source>parity</source>
        <translation>奇偶校验</translation>
    </message>
    <message>
        <source>digits</source>
        <translation>手写数字</translation>
    </message>
    <message>
        <source>motif</source>
        <translation>模式</translation>
    </message>
    <message>
        <source>textbook</source>
        <translation>教材示例</translation>
    </message>
    <message>
        <source>iris</source>
        <translation>鸢尾花</translation>
    </message>
    <message>
        <source>xor</source>
        <translation>XOR（异或）</translation>
    </message>
    <message>
        <source>and</source>
        <translation>AND（与）</translation>
    </message>
    <message>
        <source>or</source>
        <translation>OR（或）</translation>
    </message>
    <message>
        <source>linear</source>
        <translation>线性</translation>
    </message>
    <message>
        <source>conv</source>
        <translation>卷积</translation>
    </message>
    <message>
        <source>max-pool</source>
        <translation>最大池化</translation>
    </message>
    <message>
        <source>relu</source>
        <translation>ReLU</translation>
    </message>
    <message>
        <source>leaky relu</source>
        <translation>Leaky ReLU</translation>
    </message>
</context>
<context>
    <name>TrainingController</name>
    <message>
        <source>Reset training</source>
        <extracomment>Keyword arguments of TrainingThread (the benchmark compares in-process training).</extracomment>
        <translation>重置训练</translation>
    </message>
    <message>
        <source>the network has no data: choose a data set in the Data dock</source>
        <translation>网络没有数据：请在“数据”面板中选择一个数据集</translation>
    </message>
    <message>
        <source>Cannot train: {0}</source>
        <translation>无法训练：{0}</translation>
    </message>
    <message>
        <source>Training paused: {0}</source>
        <translation>训练已暂停：{0}</translation>
    </message>
    <message>
        <source>Training paused: the network was changed.</source>
        <translation>训练已暂停：网络被修改了。</translation>
    </message>
    <message>
        <source>{0}, kept around the edit</source>
        <translation>{0}，修改前后都保留</translation>
    </message>
    <message>
        <source>{0}, kept in the unchanged layers</source>
        <translation>{0}，保留在未改变的层中</translation>
    </message>
</context>
<context>
    <name>TwinRun</name>
    <message>
        <source>cannot train: {0}</source>
        <translation>无法训练：{0}</translation>
    </message>
    <message>
        <source>diverged at step {0}</source>
        <translation>在第 {0} 步发散</translation>
    </message>
</context>
<context>
    <name>WeightsDock</name>
    <message>
        <source>Weights</source>
        <extracomment>Bands (low, high) as indices into PERCENTILES: 0-100, 7-93, 16-84, 31-69; median = 4.</extracomment>
        <translation>权重</translation>
    </message>
    <message>
        <source>Layer:</source>
        <translation>层：</translation>
    </message>
    <message>
        <source>count</source>
        <translation>个数</translation>
    </message>
    <message>
        <source>weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>{0}: {1} ({2}×{3})</source>
        <translation>{0}：{1}（{2}×{3}）</translation>
    </message>
    <message>
        <source>{0}: {1} (no weights)</source>
        <translation>{0}：{1}（没有权重）</translation>
    </message>
    <message>
        <source>{0}: {1} ({2})</source>
        <translation>{0}：{1}（{2}）</translation>
    </message>
    <message>
        <source>now</source>
        <translation>当前</translation>
    </message>
    <message>
        <source>at the start</source>
        <translation>开始时</translation>
    </message>
    <message>
        <source>median</source>
        <translation>中位数</translation>
    </message>
    <message>
        <source>No weights yet: open a network with data (the histogram of each layer&apos;s weights appears here and follows training).</source>
        <translation>还没有权重：请打开一个带数据的网络（每层权重的直方图会显示在这里并随训练变化）。</translation>
    </message>
</context>
</TS>
