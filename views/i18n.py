"""The UI's string table: every label, help text and explanation in English and 简体中文.

``t(key, lang, **params)`` formats the string; a missing Chinese string falls back to
English, a missing key raises KeyError (a test checks both languages cover every key).
"""

LANGUAGES = {"en": "English", "zh": "简体中文"}

STRINGS: dict = {}


def _add(table: dict) -> None:
    STRINGS.update(table)


def t(key: str, lang: str = "en", **params) -> str:
    entry = STRINGS[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**params) if params else text


# --- app & sidebar (ui/) -------------------------------------------------------------------
_add({
    "app.no_model": {"en": "Pick a corpus and settings in the sidebar, then click Apply.",
                     "zh": "请在侧边栏选择语料和设置，然后点击“应用”。"},
    "page.train": {"en": "Train", "zh": "训练"},
    "page.softmax": {"en": "Softmax", "zh": "Softmax"},
    "page.gradients": {"en": "Gradients", "zh": "梯度"},
    "page.embeddings": {"en": "Embeddings", "zh": "词向量"},
    "page.theory": {"en": "Theory", "zh": "原理"},
    "sidebar.corpus": {"en": "Corpus", "zh": "语料"},
    "sidebar.source": {"en": "Text to learn from", "zh": "训练文本"},
    "sidebar.paste": {"en": "Paste your own text", "zh": "粘贴自己的文本"},
    "sidebar.upload": {"en": "Upload a .txt file", "zh": "上传 .txt 文件"},
    "sidebar.synthetic": {"en": "Random Zipf text (large vocabulary)",
                          "zh": "随机 Zipf 文本（大词表）"},
    "sidebar.paste_label": {"en": "Your text (one sentence per line works best)",
                            "zh": "你的文本（每行一句效果最好）"},
    "sidebar.paste_placeholder": {"en": "the king rules the land\nthe queen rules the land",
                                  "zh": "国王 统治 国家\n王后 统治 国家"},
    "sidebar.upload_label": {"en": "A UTF-8 or GB18030 text file", "zh": "UTF-8 或 GB18030 文本文件"},
    "sidebar.upload_help": {"en": "Plain text, at most {mb} MB.", "zh": "纯文本，最大 {mb} MB。"},
    "sidebar.vocab": {"en": "Vocabulary size V", "zh": "词表大小 V"},
    "sidebar.model": {"en": "Model", "zh": "模型"},
    "sidebar.training": {"en": "Training", "zh": "训练"},
    "sidebar.epochs_per_click": {"en": "Epochs per click on Epoch", "zh": "每次点击“轮次”训练的轮数"},
    "sidebar.play_speed": {"en": "Play speed (steps per second)", "zh": "播放速度（每秒步数）"},
    "help.play_speed": {"en": "Slow enough to follow each window, or fast to watch the loss fall.",
                        "zh": "慢速可逐个观察窗口，快速可观察损失下降。"},
    "sidebar.advanced": {"en": "More settings", "zh": "更多设置"},
    "sidebar.pending": {"en": "These settings need a new model. Click Apply to start over with "
                                "them; training so far is kept until then.",
                        "zh": "这些设置需要新建模型。点击“应用”后重新开始训练；在此之前当前训练保持不变。"},
    "sidebar.apply": {"en": "Apply", "zh": "应用"},
    "setting.architecture": {"en": "Architecture", "zh": "结构"},
    "setting.objective": {"en": "Objective", "zh": "目标函数"},
    "setting.negatives": {"en": "Negatives K", "zh": "负样本数 K"},
    "setting.window": {"en": "Window m", "zh": "窗口 m"},
    "setting.dim": {"en": "Embedding size d", "zh": "向量维度 d"},
    "setting.lr": {"en": "Learning rate η", "zh": "学习率 η"},
    "setting.min_count": {"en": "Min count", "zh": "最小词频"},
    "setting.seed": {"en": "Seed", "zh": "随机种子"},
    "setting.window_step": {"en": "One step = a centre with all its contexts",
                            "zh": "一步 = 中心词及其全部上下文"},
    "setting.dynamic_window": {"en": "Dynamic (reduced) window", "zh": "动态（缩减）窗口"},
    "setting.subsample": {"en": "Subsample frequent words (t)", "zh": "高频词下采样（t）"},
    "setting.lr_decay": {"en": "Linear learning-rate decay", "zh": "学习率线性衰减"},
    "setting.lr_decay_epochs": {"en": "Decay epochs", "zh": "衰减轮数"},
    "setting.lr_min_fraction": {"en": "Final learning-rate fraction", "zh": "最终学习率比例"},
    "setting.init_scale": {"en": "Initial weight scale", "zh": "初始权重尺度"},
    "setting.lowercase": {"en": "Lower-case the text", "zh": "转为小写"},
    "help.window": {"en": "Context words on each side of the centre word.",
                    "zh": "中心词每侧的上下文词数。"},
    "help.dim": {"en": "Length of each word vector (columns of W1, rows of W2).",
                 "zh": "每个词向量的长度（W1 的列数，W2 的行数）。"},
    "help.lr": {"en": "Applies at once, without restarting training.",
                "zh": "立即生效，无需重新开始训练。"},
    "help.min_count": {"en": "Words seen fewer times are left out of the vocabulary.",
                       "zh": "出现次数少于此值的词不进入词表。"},
    "help.seed": {"en": "Same corpus, settings and seed give exactly the same training.",
                  "zh": "相同的语料、设置和种子会得到完全相同的训练过程。"},
    "help.window_step": {"en": "Skip-gram: sum the exact gradients of all contexts of the "
                                 "centre word in one step.",
                         "zh": "Skip-gram：一步内对中心词所有上下文的精确梯度求和。"},
    "help.dynamic_window": {"en": "As word2vec does: each centre uses a window of 1..m words.",
                            "zh": "与 word2vec 相同：每个中心词使用 1..m 的随机窗口。"},
    "help.subsample": {"en": "word2vec's threshold (e.g. 0.001); 0 turns it off.",
                       "zh": "word2vec 的阈值（如 0.001）；0 表示关闭。"},
    "help.lr_decay": {"en": "The learning rate falls linearly to 0.1% over 20 epochs.",
                      "zh": "学习率在 20 轮内线性降到 0.1%。"},
    "help.negatives": {"en": "Negative words drawn per context word, from counts^0.75.",
                       "zh": "每个上下文词抽取的负样本数，按词频^0.75 抽样。"},
    "help.step": {"en": "Train one step (shortcut: S).", "zh": "训练一步（快捷键：S）。"},
    "help.epoch": {"en": "Train to the end of the epoch, fast (vectorised).",
                   "zh": "快速（向量化）训练到本轮结束。"},
    "help.play": {"en": "Train continuously (shortcut: P).", "zh": "连续训练（快捷键：P）。"},
    "arch.skipgram": {"en": "Skip-gram", "zh": "Skip-gram"},
    "arch.cbow": {"en": "CBOW", "zh": "CBOW"},
    "objective.softmax": {"en": "Full softmax", "zh": "完整 softmax"},
    "objective.negative": {"en": "Negative sampling", "zh": "负采样"},
    "ctl.step": {"en": "Step", "zh": "单步"},
    "ctl.step10": {"en": "Step ×10", "zh": "单步 ×10"},
    "ctl.epoch": {"en": "Epoch", "zh": "轮次"},
    "ctl.play": {"en": "▶ Play", "zh": "▶ 播放"},
    "ctl.pause": {"en": "⏸ Pause", "zh": "⏸ 暂停"},
    "ctl.reset": {"en": "Reset", "zh": "重置"},
    "ctl.training": {"en": "Training {n} epoch(s)…", "zh": "正在训练 {n} 轮…"},
    "ctl.step_count": {"en": "Step", "zh": "步数"},
    "ctl.epoch_count": {"en": "Epoch", "zh": "轮数"},
    "ctl.loss": {"en": "Loss", "zh": "损失"},
    "unit.characters": {"en": "characters", "zh": "个字符"},
    "unit.words": {"en": "words", "zh": "个词"},
    "error.error": {"en": "{detail}", "zh": "{detail}"},
    "error.empty_corpus": {"en": "The corpus has no words. Paste or upload some text.",
                           "zh": "语料中没有词。请粘贴或上传一些文本。"},
    "error.too_few_words": {"en": "The corpus has {n} distinct word(s) (after min count "
                                    "{min_count}); word2vec needs at least 2. Add text or "
                                    "lower min count.",
                            "zh": "语料只有 {n} 个不同的词（最小词频 {min_count} 过滤后）；"
                                  "word2vec 至少需要 2 个。请增加文本或降低最小词频。"},
    "error.no_pairs": {"en": "No (centre, context) pair fits in any sentence: every sentence "
                             "has a single word. Put several words on a line.",
                       "zh": "没有任何句子能构成（中心词，上下文）词对：每句只有一个词。请在一行中写多个词。"},
    "error.corpus_too_large": {"en": "The corpus has {size:,} {unit}; the limit is {limit:,}. "
                                     "Use a shorter text.",
                               "zh": "语料有 {size:,} {unit}，上限是 {limit:,}。请使用更短的文本。"},
    "error.vocab_too_large": {"en": "The vocabulary has {size:,} words; the limit is {limit:,}. "
                                    "Raise min count or use a shorter text.",
                              "zh": "词表有 {size:,} 个词，上限是 {limit:,}。请提高最小词频或使用更短的文本。"},
    "error.invalid_setting": {"en": "{name} must be {expected}; got {value!r}.",
                              "zh": "{name} 应为 {expected}；实际为 {value!r}。"},
    "error.decode": {"en": "{detail}", "zh": "{detail}"},
    "error.divergence": {"en": "Training diverged at step {step}: {what} became {value}. The "
                               "weights were kept at the last finite step. Click Reset and "
                               "try a smaller learning rate (now {lr:g}).",
                         "zh": "训练在第 {step} 步发散：{what} 变成了 {value}。权重已保留在最后一个有限值的步骤。"
                               "请点击“重置”并尝试更小的学习率（当前 {lr:g}）。"},
    "error.no_upload": {"en": "Choose a .txt file to upload first.", "zh": "请先选择要上传的 .txt 文件。"},
    "error.upload_too_big": {"en": "The file is larger than {limit} MB.",
                             "zh": "文件超过 {limit} MB。"},
    "error.decode_empty": {"en": "The file is empty.", "zh": "文件是空的。"},
    "error.decode_binary": {"en": "The file is not text (it contains binary data).",
                            "zh": "该文件不是文本文件（含有二进制数据）。"},
    "error.decode_encoding": {"en": "The file is not UTF-8 or GB18030 text. Save it as UTF-8 and upload it again.",
                              "zh": "该文件不是 UTF-8 或 GB18030 编码的文本。请另存为 UTF-8 后重新上传。"},
    "error.divergence_loss": {"en": "the loss", "zh": "损失"},
    "error.url_dim": {"en": "The URL's dim must be a whole number from {low} to {high}; the default d is used.",
                      "zh": "URL 中的 dim 必须是 {low} 到 {high} 的整数；已使用默认维度 d。"},
    "error.url_corpus": {"en": "The URL's corpus must be one of: {names}; the default corpus is used.",
                         "zh": "URL 中的 corpus 必须是以下之一：{names}；已使用默认语料。"},
    "train.this_step": {"en": "Step {n} in the text", "zh": "第 {n} 步在文本中的位置"},
    "train.pair": {"en": "Centre {centre} → context {contexts}", "zh": "中心词 {centre} → 上下文 {contexts}"},
    "train.pair_cbow": {"en": "Context {contexts} → centre {centre}", "zh": "上下文 {contexts} → 中心词 {centre}"},
    "train.negatives": {"en": "Negatives drawn: {negatives}", "zh": "抽到的负样本：{negatives}"},
    "train.preview": {"en": "The next step (not applied yet): click Step to apply it.",
                      "zh": "下一步（尚未执行）：点击“单步”执行。"},
    "train.legend": {"en": "Blue: centre word · orange: context word(s) of this step · grey: the rest of the window.",
                     "zh": "蓝色：中心词 · 橙色：本步的上下文词 · 灰色：窗口中的其他词。"},
    "train.log_scale": {"en": "Log scale", "zh": "对数坐标"},
    "train.loss_caption": {"en": "V = {V:,} words, d = {d} · learning rate now {lr:.4g} · {units:,} steps per epoch.",
                           "zh": "V = {V:,} 个词，d = {d} · 当前学习率 {lr:.4g} · 每轮 {units:,} 步。"},
    "softmax.sandbox": {"en": "Sandbox: why eˣ? (the notes' example)", "zh": "沙盒：为什么用 eˣ？（笔记中的例子）"},
    "softmax.sandbox_help": {"en": "Centre word King. Drag the logits: exponentiation makes the "
                                   "largest one win ever more clearly.",
                             "zh": "中心词是 King。拖动得分：取指数让最大的得分越来越明显地胜出。"},
    "softmax.queen": {"en": "Queen", "zh": "Queen（王后）"},
    "softmax.dog": {"en": "Dog", "zh": "Dog（狗）"},
    "softmax.apple": {"en": "Apple", "zh": "Apple（苹果）"},
    "grad.window": {"en": "Showing {shown} of {V} words: this step's words and the most frequent.",
                    "zh": "显示 {V} 个词中的 {shown} 个：本步涉及的词和最常见的词。"},
    "grad.sparsity_softmax": {"en": "Full softmax: every one of the {V} columns of W2 gets a gradient, but the target's ŷ − 1 dwarfs the others' ŷ: dW2's colours use a symmetric log scale, so the small ones show too.",
                              "zh": "完整 softmax：W2 的全部 {V} 列都有梯度，但目标词的 ŷ − 1 远大于其他词的 ŷ：dW2 的颜色采用对称对数刻度，小的梯度也能看见。"},
    "grad.sparsity_negative": {"en": "Negative sampling: only {k} of the {V} columns of W2 get a gradient (the target's and the negatives').",
                               "zh": "负采样：W2 的 {V} 列中只有 {k} 列有梯度（目标词和负样本的列）。"},
    "grad.check": {"en": "Gradient check (central differences)", "zh": "梯度检验（中心差分）"},
    "grad.check_result": {"en": "Relative error {err:.2e} over {n} weights: {verdict}",
                          "zh": "在 {n} 个权重上的相对误差 {err:.2e}：{verdict}"},
    "grad.pass": {"en": "✅ pass (< 1e-6)", "zh": "✅ 通过（< 1e-6）"},
    "grad.fail": {"en": "❌ fail (≥ 1e-6)", "zh": "❌ 未通过（≥ 1e-6）"},
    "emb.space": {"en": "Vectors", "zh": "向量"},
    "emb.space_W1": {"en": "Input (W1 rows)", "zh": "输入（W1 的行）"},
    "emb.space_W2T": {"en": "Output (W2 columns)", "zh": "输出（W2 的列）"},
    "emb.space_average": {"en": "Average of both", "zh": "两者平均"},
    "emb.trails": {"en": "Trails of", "zh": "显示轨迹的词"},
    "emb.timeline": {"en": "Timeline", "zh": "时间线"},
    "emb.now": {"en": "now", "zh": "现在"},
    "emb.at_step": {"en": "step {step}", "zh": "第 {step} 步"},
    "emb.word": {"en": "Word", "zh": "词"},
    "emb.cosine": {"en": "Cosine", "zh": "余弦"},
    "emb.export": {"en": "Export", "zh": "导出"},
    "emb.dl_word2vec": {"en": "word2vec .txt", "zh": "word2vec .txt"},
    "emb.dl_vectors": {"en": "Projector vectors.tsv", "zh": "Projector vectors.tsv"},
    "emb.dl_metadata": {"en": "Projector metadata.tsv", "zh": "Projector metadata.tsv"},
    "emb.dl_run": {"en": "Whole run (.npz)", "zh": "完整训练记录（.npz）"},
})

# --- figures (views/figures.py) ---------------------------------------------------------
_add({
    "fig.empty": {"en": "Nothing to show yet.", "zh": "暂无可显示的内容。"},
    # loss curve
    "fig.loss.title": {"en": "Loss", "zh": "损失"},
    "fig.loss.empty": {"en": "Train a step to see the loss curve.",
                       "zh": "训练一步即可看到损失曲线。"},
    "fig.loss.step": {"en": "step", "zh": "步数"},
    "fig.loss.axis": {"en": "loss", "zh": "损失"},
    "fig.loss.per_step": {"en": "each step", "zh": "每一步"},
    "fig.loss.per_bucket": {"en": "mean of {width} steps", "zh": "每 {width} 步的平均"},
    "fig.loss.moving_avg": {"en": "average of last {steps}", "zh": "最近 {steps} 步平均"},
    "fig.loss.epoch_mean": {"en": "epoch mean", "zh": "每轮平均"},
    "fig.loss.epoch_hover": {"en": "epoch {n}: {y}", "zh": "第 {n} 轮：{y}"},
    # full softmax
    # negative sampling
    # softmax sandbox
    "fig.sandbox.title": {"en": "From scores to probabilities",
                          "zh": "从打分到概率"},
    "fig.sandbox.logits": {"en": "scores x", "zh": "打分 x"},
    "fig.sandbox.exp": {"en": "eˣ", "zh": "eˣ"},
    "fig.sandbox.exp_shifted": {"en": "e^(x − max x)", "zh": "e^(x − max x)"},
    "fig.sandbox.softmax": {"en": "softmax = eˣ / Σ eˣ", "zh": "softmax = eˣ / Σ eˣ"},
    "fig.sandbox.sum": {"en": "Σ eˣ = {value}", "zh": "Σ eˣ = {value}"},
})

# --- theory (views/theory.py; the notes themselves: notes/*.md) --------------------------
_add({
    "theory.caption": {
        "en": "Each formula is shown beside the numbers of the current training step.",
        "zh": "每个公式旁边都显示当前这一步训练的实际数值。"},
    "theory.step_done": {"en": "Numbers of step {step} (already applied to the weights).",
                         "zh": "第 {step} 步的数值（已更新到权重中）。"},
    "theory.step_preview": {"en": "Numbers of the next step, {step} (a preview: not applied "
                                  "yet).",
                            "zh": "下一步（第 {step} 步）的数值（预览：尚未更新权重）。"},
    "theory.live": {"en": "This step", "zh": "本步数值"},
    "theory.code": {"en": "NumPy code", "zh": "NumPy 代码"},
    "theory.tab.distributional": {"en": "1 Idea", "zh": "1 思想"},
    "theory.tab.nll": {"en": "2 Loss", "zh": "2 损失"},
    "theory.tab.softmax": {"en": "3 Softmax", "zh": "3 Softmax"},
    "theory.tab.network": {"en": "4 Network", "zh": "4 网络"},
    "theory.tab.gradient": {"en": "5 Gradients", "zh": "5 梯度"},
    "theory.tab.negative": {"en": "6 Negative sampling", "zh": "6 负采样"},
    "theory.tab.cbow": {"en": "7 CBOW", "zh": "7 CBOW"},
    "theory.tab.errata": {"en": "Errata", "zh": "勘误"},
    "theory.ex.candidate": {"en": "candidate", "zh": "候选词"},
    "theory.ex.score": {"en": "score", "zh": "得分"},
    "theory.live.centre": {"en": "Centre word $w_t$: **{word}**",
                           "zh": "中心词 $w_t$：**{word}**"},
    "theory.live.contexts": {"en": "Context words of this step: {words}",
                             "zh": "本步的上下文词：{words}"},
    "theory.live.target": {"en": "True word $o$: **{word}** (marked ←)",
                           "zh": "真实词 $o$：**{word}**（标记为 ←）"},
    "theory.live.one_step": {"en": "One step: $T = 1$ term of the sum.",
                             "zh": "单步：求和中的一项（$T = 1$）。"},
    "theory.live.ns_no_softmax": {
        "en": "This run uses negative sampling, so the full softmax is not computed; its "
              "$K+1$ sigmoid scores are in section 6.",
        "zh": "本次训练使用负采样，不计算完整的 softmax；它的 $K+1$ 个 sigmoid 得分见第 6 节。"},
    "theory.live.ns_scores": {"en": "Negative sampling computes only {k1} scores, not $V$.",
                              "zh": "负采样只计算 {k1} 个得分，而不是 $V$ 个。"},
    "theory.live.ns_loss": {"en": "Negative-sampling loss (section 6).",
                            "zh": "负采样的损失（见第 6 节）。"},
    "theory.live.ns_error": {"en": "Negative sampling: $e = \\sigma(z) - \\ell$ (section 6).",
                             "zh": "负采样：$e = \\sigma(z) - \\ell$（见第 6 节）。"},
    "theory.live.softmax_no_ns": {
        "en": "This run uses the full softmax: every step updates all {V} columns of $W_2$. "
              "Choose negative sampling in the settings to see these numbers.",
        "zh": "本次训练使用完整 softmax：每一步都更新 $W_2$ 的全部 {V} 列。在设置中选择负采样即可"
              "看到这些数值。"},
    "theory.live.skipgram_no_cbow": {
        "en": "This run is skip-gram. Choose CBOW in the settings to see these numbers.",
        "zh": "本次训练是 Skip-gram。在设置中选择 CBOW 即可看到这些数值。"},
    "theory.m.loss": {"en": "Loss", "zh": "损失"},
    "theory.m.h_norm": {"en": "‖h‖", "zh": "‖h‖"},
    "theory.m.columns": {"en": "W2 columns updated", "zh": "更新的 W2 列数"},
    "theory.m.lr": {"en": "Learning rate η", "zh": "学习率 η"},
    "theory.col.word": {"en": "word", "zh": "词"},
    "theory.col.count": {"en": "count", "zh": "次数"},
    "theory.col.share": {"en": "share of text", "zh": "词频占比"},
    "theory.col.noise": {"en": "P_n (power 0.75)", "zh": "P_n（0.75 次方）"},
    "theory.col.negative": {"en": "negative $w_k$", "zh": "负样本 $w_k$"},
})


# --- the live views (views/): controls, the network of a step, the map ----------------------
_add({
    "ctl.stop": {"en": "■ Stop", "zh": "■ 停止"},
    "ctl.skip": {"en": "Skip to the training controls", "zh": "跳到训练控制按钮"},
    "ctl.group": {"en": "Training controls", "zh": "训练控制"},
    "help.stop": {"en": "Stop the run; the steps already trained are kept.",
                  "zh": "停止训练；已经训练的步数会保留。"},
    "ctl.loss_smoothed": {"en": "Loss (last {n})", "zh": "损失（最近 {n} 步）"},
    "ctl.loss_smoothed_help": {"en": "Mean loss over the last {n} steps: one pair's loss jumps around, this falls as the model learns.",
                               "zh": "最近 {n} 步的平均损失：单个词对的损失上下跳动，这个平均值随着学习而下降。"},
    "ctl.step_loss": {"en": "This step", "zh": "本步"},
    "ctl.step_loss_help": {"en": "The loss of the last recorded step's pair, before its update.",
                           "zh": "最近一个记录步的词对的损失（更新之前）。"},
    "net.input": {"en": "Input", "zh": "输入"},
    "net.hidden": {"en": "Hidden layer h", "zh": "隐藏层 h"},
    "net.output": {"en": "Output", "zh": "输出"},
    "net.backward": {"en": "Backward: gradients", "zh": "反向：梯度"},
    "net.loss": {"en": "loss", "zh": "损失"},
    "net.to_softmax": {"en": "Softmax page", "zh": "Softmax 页"},
    "net.to_gradients": {"en": "Gradients page", "zh": "梯度页"},
    "net.rows": {"en": "row of W1", "zh": "W1 的行"},
    "net.cbow_rows": {"en": "each context row gets W2 e / C", "zh": "每个上下文行得到 W2 e / C"},
    "net.z": {"en": "z", "zh": "z"},
    "net.p": {"en": "ŷ", "zh": "ŷ"},
    "net.sigma": {"en": "σ(z)", "zh": "σ(z)"},
    "net.y": {"en": "y", "zh": "y"},
    "net.e": {"en": "e", "zh": "e"},
    "net.word": {"en": "word", "zh": "词"},
    "net.lr": {"en": "learning rate", "zh": "学习率"},
    "net.cols_all": {"en": "every column of W2 moves", "zh": "W2 的每一列都更新"},
    "net.cols_some": {"en": "only these columns of W2 move:", "zh": "只有这些 W2 列更新："},
    "net.arrow_W1": {"en": "W1: V×d = {V}×{d}", "zh": "W1：V×d = {V}×{d}"},
    "net.arrow_W2": {"en": "W2ᵀ: V×d = {V}×{d}", "zh": "W2ᵀ：V×d = {V}×{d}"},
    "net.units_softmax": {"en": "the target and the most probable: {n} of {V} words",
                          "zh": "目标词与概率最高的词：{V} 个词中的 {n} 个"},
    "net.units_negative": {"en": "the K+1 units this step trains ({n})", "zh": "本步训练的 K+1 个单元（{n} 个）"},
})
_add({
    "loss.summary_fell": {"en": "Loss fell from {a} to {b} over {n} epochs ({steps} steps).",
                          "zh": "损失在 {n} 轮（{steps} 步）中从 {a} 降到 {b}。"},
    "loss.summary_rose": {"en": "Loss rose from {a} to {b} over {n} epochs ({steps} steps).",
                          "zh": "损失在 {n} 轮（{steps} 步）中从 {a} 升到 {b}。"},
    "loss.summary_now": {"en": "Loss averages {loss} after {steps} steps.",
                         "zh": "训练 {steps} 步后平均损失为 {loss}。"},
})
_add({
    "map.title": {"en": "Key words in 2-D", "zh": "关键词的二维图"},
    "map.note": {"en": "PCA of these {n} words' W1 rows, refitted every frame: the plane keeps {share} of their variance.",
                 "zh": "这 {n} 个词的 W1 行向量的 PCA，每帧重新拟合：该平面保留了 {share} 的方差。"},
    "map.too_few": {"en": "Too few words for a map.", "zh": "词太少，无法作图。"},
    "map.summary": {"en": "Map of {n} words ({words}, …) in the plane of their first two principal components.",
                    "zh": "{n} 个词（{words} 等）在前两个主成分平面上的位置图。"},
    "map.diverged": {"en": "The weights diverged: no map.", "zh": "权重已发散：无法作图。"},
    "map.link": {"en": "Embeddings page", "zh": "词向量页"},
})


# --- usability (issue #10): guardrails, corpus switch, saved runs, segmentation ------------
_add({
    "guard.loss_rising": {
        "en": "Training is diverging. The loss averaged over the last {window} steps is {loss}: "
              "more than twice its best ({best}) and above where it started ({start}). The "
              "learning rate η = {lr} is too large for these settings: halve it and keep "
              "training, or Reset and start again.",
        "zh": "训练正在发散。最近 {window} 步的平均损失为 {loss}：超过其最佳值（{best}）的两倍，"
              "并且高于起始值（{start}）。学习率 η = {lr} 对当前设置来说过大：可以把它减半后继续训练，"
              "或点击“重置”重新开始。"},
    "guard.weights_exploding": {
        "en": "The weights are exploding: the longest word vector has length {norm} (healthy "
              "runs with these settings stay below {limit}). The learning rate η = {lr} is too "
              "large: halve it and keep training, or Reset and start again.",
        "zh": "权重正在爆炸：最长的词向量长度为 {norm}（在当前设置下，正常训练不会超过 {limit}）。"
              "学习率 η = {lr} 过大：可以把它减半后继续训练，或点击“重置”重新开始。"},
    "guard.halve": {"en": "Halve the learning rate (η → {lr})", "zh": "学习率减半（η → {lr}）"},
    "guard.reset": {"en": "Reset", "zh": "重置"},
    "guard.watching": {
        "en": "Learning rate halved to η = {lr}. Keep training and watch the loss: this note "
              "turns back into a warning if the run keeps diverging. Reset starts again with "
              "the new rate.",
        "zh": "学习率已减半为 η = {lr}。继续训练并观察损失：如果训练仍在发散，这条提示会重新变成警告。"
              "点击“重置”可用新的学习率重新开始。"},
    "guard.paused": {"en": "Play was paused so you can read this.",
                     "zh": "已暂停播放，方便你阅读这条提示。"},
    "sidebar.new_corpus": {"en": "New corpus: training restarted on “{name}”.",
                           "zh": "已切换语料：在“{name}”上重新开始训练。"},
    "load.label": {"en": "Load a saved run (.npz)", "zh": "载入保存的训练（.npz）"},
    "load.help": {"en": "A whole run saved on the Embeddings page: its corpus, settings, "
                        "weights, history and counters come back, so you can train before "
                        "class and continue in class. At most {mb} MB.",
                  "zh": "在“词向量”页面保存的完整训练记录：语料、设置、权重、历史和计数都会恢复，"
                        "因此可以课前训练、课上继续。最大 {mb} MB。"},
    "load.done": {"en": "Loaded the saved run: step {step}, epoch {epoch}.",
                  "zh": "已载入保存的训练：第 {step} 步，第 {epoch} 轮。"},
    "load.failed": {"en": "Could not load “{name}”: {reason} Your current training is "
                          "unchanged.",
                    "zh": "无法载入“{name}”：{reason}当前训练保持不变。"},
    "load.not_run": {"en": "it is not a run saved by w2v-viz, or it is damaged.",
                     "zh": "它不是 w2v-viz 保存的训练文件，或者文件已损坏。"},
    "load.too_big": {"en": "it is larger than {mb} MB.", "zh": "文件大于 {mb} MB。"},
    "load.unsupported": {"en": "its setting {name} = {value} is outside what the sidebar "
                               "offers.",
                         "zh": "其设置 {name} = {value} 超出了侧边栏可选的范围。"},
    "setting.segmentation": {"en": "Chinese word segmentation", "zh": "中文分词方式"},
    "seg.auto": {"en": "Automatic", "zh": "自动"},
    "seg.jieba": {"en": "Words (jieba)", "zh": "按词（jieba）"},
    "seg.characters": {"en": "Single characters", "zh": "按单字"},
    "seg.spaces": {"en": "Spaces only", "zh": "仅按空格"},
    "help.segmentation": {
        "en": "How Chinese text is split into words. Automatic: jieba finds the words of "
              "unsegmented Chinese (what you paste), and text already segmented with spaces "
              "(like the bundled Chinese corpus) keeps its words. Single characters: every "
              "Chinese character is a token. Spaces only: a run of Chinese without spaces is "
              "one token.",
        "zh": "中文文本如何切分成词。自动：未分词的中文（例如粘贴的文本）用 jieba 分词，"
              "已用空格分好词的文本（如内置中文语料）保留原有的词。按单字：每个汉字是一个词元。"
              "仅按空格：没有空格的一串中文算作一个词元。"},
    "seg.used": {"en": "Segmented as {mode}: {tokens} tokens, {vocab} distinct words.",
                 "zh": "分词方式：{mode}；共 {tokens} 个词元，{vocab} 个不同的词。"},
    "seg.loading": {"en": "Loading the Chinese dictionary (first time only, about a second)…",
                    "zh": "正在加载中文词典（仅首次，约需一秒）…"},
    "error.segmenter_missing": {
        "en": "Chinese word segmentation needs the jieba package, which is not installed "
              "(pip install jieba). Choose single characters or spaces instead.",
        "zh": "中文分词需要 jieba 软件包，但它没有安装（pip install jieba）。请改用“按单字”或“仅按空格”。"},
})


_add({   # the URL is the run (ui/url_state.py), sharing, lessons
    "url.bad_value": {"en": "The URL's {name} must be {expected}; the default is used.",
                      "zh": "URL 中的 {name} 必须是{expected}；已使用默认值。"},
    "url.expect_int": {"en": "a whole number from {low} to {high}", "zh": " {low} 到 {high} 的整数"},
    "url.expect_range": {"en": "a number from {low} to {high}", "zh": " {low} 到 {high} 之间的数"},
    "url.expect_one_of": {"en": "one of: {names}", "zh": "以下之一：{names}"},
    "url.expect_bool": {"en": "0 or 1", "zh": " 0 或 1"},
    "url.log_not_replayed": {"en": "The link's training steps were not replayed: {reason} The settings were applied; the model is at step 0.",
                             "zh": "链接中的训练步骤未被重放：{reason} 设置已应用；模型处于第 0 步。"},
    "error.bad_log": {"en": "the training log t= is not valid ({detail}).",
                      "zh": "训练记录 t= 无效（{detail}）。"},
    "error.replay_too_long": {"en": "replaying it would take about {seconds:.0f} s of training (the limit is about {limit:.0f} s). Nothing was run.",
                              "zh": "重放约需 {seconds:.0f} 秒训练（上限约 {limit:.0f} 秒）。未运行任何训练。"},
    "url.replaying": {"en": "Replaying the link's training…", "zh": "正在重放链接中的训练……"},
    "page.lessons": {"en": "Lessons", "zh": "课程"},
    "lesson.choose": {"en": "Lesson", "zh": "课程"},
    "lesson.predict": {"en": "Predict:", "zh": "预测："},
    "lesson.do": {"en": "Do:", "zh": "操作："},
    "lesson.watch": {"en": "Watch:", "zh": "观察："},
    "lesson.reveal": {"en": "Reveal the answer (from this run's numbers)", "zh": "揭晓答案（来自本次训练的数值）"},
    "lesson.start": {"en": "Open this lesson's starting point", "zh": "打开本课的起点"},
    "lesson.restart": {"en": "Start this lesson again", "zh": "重新开始本课"},
    "lesson.not_loaded": {"en": "The model below is not this lesson's prepared run: open its starting point first.",
                          "zh": "下面的模型不是本课准备好的训练：请先打开本课的起点。"},
    "share.copy": {"en": "Copy link to this step", "zh": "复制到此步的链接"},
    "share.copied": {"en": "Link copied.", "zh": "链接已复制。"},
    "share.manual": {"en": "Copy this link:", "zh": "复制此链接："},
    "share.help": {"en": "The link holds the settings and every step trained so far: opening it replays them exactly.",
                   "zh": "链接包含设置和目前训练的每一步：打开它会精确重放。"},
    "share.no_link": {"en": "A pasted, uploaded or loaded run cannot travel in a link. Download the whole run instead (Embeddings page, “Whole run (.npz)”) and load it in the sidebar.",
                      "zh": "粘贴、上传或载入的训练无法放进链接。请改为下载完整训练记录（词向量页的“完整训练记录（.npz）”），再在侧边栏中加载。"},
})


_add({
    # Embeddings page: the word map (views/embeddings.py)
    "emb.map_title": {"en": "Word vectors in 2-D", "zh": "词向量的二维图"},
    "emb.axis1": {"en": "plane axis 1", "zh": "平面轴 1"},
    "emb.axis2": {"en": "plane axis 2", "zh": "平面轴 2"},
    "emb.plane_note": {
        "en": "The plane: PCA of all {V} word vectors ({space}), refitted at step {step} and "
              "turned to match the previous view (so its axes are not PC1 and PC2 one by "
              "one). It keeps {share} of their variance {when}.",
        "zh": "平面：全部 {V} 个词向量（{space}）的 PCA，在第 {step} 步重新拟合，并旋转到与上一帧"
              "对齐（因此两条轴不再分别是主成分 1 和 2）。它保留了{when}方差的 {share}。"},
    "emb.now_lower": {"en": "now", "zh": "当前"},
    "emb.frame_at": {"en": "at step {step}", "zh": "第 {step} 步时"},
    "emb.caption_all": {"en": "All {V} words drawn; the key words and this step's words are "
                              "labelled, the others show their word on hover or focus.",
                        "zh": "画出全部 {V} 个词；关键词和本步的词有标签，其他词在悬停或聚焦时显示。"},
    "emb.caption_capped": {
        "en": "{n} of {V} words drawn (the {top} most frequent, this step's words, the key "
              "words and the trail words); the PCA uses all {V}. Hover or focus a point for "
              "its word.",
        "zh": "画出 {V} 个词中的 {n} 个（最常见的 {top} 个、本步的词、关键词和轨迹词）；PCA 使用全部 "
              "{V} 个词。悬停或聚焦一个点可看到它的词。"},
    "emb.summary": {"en": "Map of {n} words in the plane that keeps {share} of the variance; "
                          "labelled: {words}; this step's centre word: {centre}.",
                    "zh": "{n} 个词在保留 {share} 方差的平面上的位置图；已标注：{words}；本步中心词：{centre}。"},
    "emb.legend_centre": {"en": "this step's centre word", "zh": "本步中心词"},
    "emb.legend_context": {"en": "its context words", "zh": "它的上下文词"},
    "emb.legend_key": {"en": "key words", "zh": "关键词"},
    "emb.legend_other": {"en": "other words", "zh": "其他词"},
    "emb.trail_legend": {"en": "Trails", "zh": "轨迹"},
    "emb.trails_help": {"en": "Up to 8 words: each word's path through the saved snapshots, "
                              "in today's plane, one colour per word.",
                        "zh": "最多 8 个词：每个词在保存的快照中的移动路径（画在当前平面上），每个词一种颜色。"},
    "emb.neighbours_of": {"en": "Nearest neighbours of {word} (cosine)",
                          "zh": "{word} 的最近邻（余弦）"},
    "emb.query": {"en": "Nearest neighbours of", "zh": "查找最近邻的词"},
    "emb.word_help": {"en": "Pick a word or type any word of the vocabulary.",
                      "zh": "选择一个词，或输入词表中的任意词。"},
    # similarity heatmap (views/similarity.py)
    "emb.sim_title": {"en": "Cosine similarity", "zh": "余弦相似度"},
    "emb.sim_caption_key": {"en": "The corpus's {n} key words, in groups; {space}.",
                            "zh": "该语料的 {n} 个关键词（按组排列）；{space}。"},
    "emb.sim_caption_top": {"en": "The {n} most frequent of {V} words; {space}.",
                            "zh": "{V} 个词中最常见的 {n} 个；{space}。"},
    "emb.sim_summary": {"en": "Cosine similarity of {n} words; the most similar pair: {a} and {b} ({c}).",
                        "zh": "{n} 个词的余弦相似度；最相似的一对：{a} 和 {b}（{c}）。"},
    "emb.sim_cell": {"en": "{a} · {b}: {c}", "zh": "{a} · {b}：{c}"},
    "emb.sim_keys": {"en": "Arrow keys move between cells.", "zh": "用方向键在格子间移动。"},
    # neighbour and analogy tables (views/neighbours.py)
    "emb.rank": {"en": "#", "zh": "#"},
    "emb.unknown": {"en": "“{word}” is not in the vocabulary.", "zh": "“{word}”不在词表中。"},
    "emb.neighbours_summary": {"en": "Nearest neighbours of {word}: {words}.",
                               "zh": "{word} 的最近邻：{words}。"},
    "emb.analogy_summary": {"en": "{a} − {b} + {c} is closest to: {words}.",
                            "zh": "{a} − {b} + {c} 最接近：{words}。"},
    "emb.analogy_caption": {"en": "{a} − {b} + {c} ≈ ?", "zh": "{a} − {b} + {c} ≈ ?"},
})


# --- the Softmax and Gradients pages' live views (views/softmax.py, views/gradients.py) ------
_add({
    "sm.heading": {"en": "Step {n}: centre “{centre}” → predict “{targets}”",
                   "zh": "第 {n} 步：中心词“{centre}”→ 预测“{targets}”"},
    "sm.heading_cbow": {"en": "Step {n}: the average of “{inputs}” → predict “{targets}”",
                        "zh": "第 {n} 步：“{inputs}”的平均 → 预测“{targets}”"},
    "sm.before": {"en": "Values before this step's update: the same loss and ŷ as on the Train page.",
                  "zh": "本步更新之前的值：与训练页相同的损失和 ŷ。"},
    "sm.preview": {"en": "The next step (not applied yet): click Step to apply it.",
                   "zh": "下一步（尚未执行）：点击“单步”执行。"},
    "sm.probe_heading": {"en": "Probe: centre word “{centre}”", "zh": "探针：中心词“{centre}”"},
    "sm.probe_note": {"en": "The weights now (after {n} steps); nothing is trained.",
                      "zh": "当前的权重（训练 {n} 步之后）；不做任何训练。"},
    "sm.softmax_title": {"en": "The softmax these vectors imply:", "zh": "这组向量对应的 softmax："},
    "sm.implied": {"en": "Negative sampling does not compute this softmax: it is what the same vectors (before this step's update) imply over all words.",
                   "zh": "负采样不计算这个 softmax：这是同一组向量（本步更新之前）在全部词上对应的概率。"},
    "sm.z": {"en": "logits z = uⱼᵀh", "zh": "打分 z = uⱼᵀh"},
    "sm.exp": {"en": "e^(z − max z) ≤ e⁰ = 1: no overflow", "zh": "e^(z − max z) ≤ e⁰ = 1：不会溢出"},
    "sm.p": {"en": "probabilities ŷ = e^(z − max z) / Σ", "zh": "概率 ŷ = e^(z − max z) / Σ"},
    "sm.max_line": {"en": "max z", "zh": "max z"},
    "sm.sum": {"en": "Σ over all words of e^(z − max z)", "zh": "所有词的 e^(z − max z) 之和 Σ"},
    "sm.target": {"en": "target", "zh": "目标词"},
    "sm.other": {"en": "other words", "zh": "其他词"},
    "sm.negative": {"en": "negative", "zh": "负样本"},
    "sm.word": {"en": "word", "zh": "词"},
    "sm.sigma": {"en": "σ(z)", "zh": "σ(z)"},
    "sm.term": {"en": "loss term", "zh": "损失项"},
    "sm.units_title": {"en": "What this step trains: K+1 sigmoid units", "zh": "本步训练的内容：K+1 个 sigmoid 单元"},
    "sm.units_def": {"en": "z = uᵀh, σ(z) = 1 / (1 + e^(−z)), label y: 1 for the target (orange), 0 for a negative (blue); e = σ(z) − y; loss term −log σ(z) or −log σ(−z).",
                     "zh": "z = uᵀh，σ(z) = 1 / (1 + e^(−z))，标签 y：目标词（橙色）为 1，负样本（蓝色）为 0；e = σ(z) − y；损失项为 −log σ(z) 或 −log σ(−z)。"},
    "sm.units_note": {"en": "Each target is pushed towards σ = 1 and its K = {K} negatives towards 0; the loss is the sum of the loss terms. Shown: {shown} of {P} targets.",
                      "zh": "每个目标词被推向 σ = 1，它的 K = {K} 个负样本被推向 0；损失是各损失项之和。显示 {P} 个目标词中的 {shown} 个。"},
    "sm.units_capped": {"en": "Only the first {k} of the K = {K} negatives are listed.",
                        "zh": "只列出 K = {K} 个负样本中的前 {k} 个。"},
    "sm.loss_one": {"en": "loss = −log ŷ[{word}] = {value}", "zh": "损失 = −log ŷ[{word}] = {value}"},
    "sm.loss_many": {"en": "loss = −Σₒ log ŷ[o] = {value}", "zh": "损失 = −Σₒ log ŷ[o] = {value}"},
    "sm.loss_ns": {"en": "loss = −log σ(z₊) − Σ log σ(−z₋) = {value}",
                   "zh": "损失 = −log σ(z₊) − Σ log σ(−z₋) = {value}"},
    "sm.shown": {"en": "Shown: the {n} most probable of {V} words and the target(s), sorted by probability.",
                 "zh": "显示：{V} 个词中概率最高的 {n} 个和目标词，按概率排序。"},
    "sm.shown_probe": {"en": "Shown: the {n} most probable of {V} words, sorted by probability.",
                       "zh": "显示：{V} 个词中概率最高的 {n} 个，按概率排序。"},
    "sm.shown_all": {"en": "All {V} words, sorted by probability.", "zh": "全部 {V} 个词，按概率排序。"},
    "sm.summary": {"en": "Softmax of {n} of {V} words sorted by probability: {top}; max z = {max_z}, sum of e^(z − max z) = {sum}.",
                   "zh": "{V} 个词中 {n} 个词的 softmax，按概率排序：{top}；max z = {max_z}，e^(z − max z) 之和 = {sum}。"},
    "sm.probe": {"en": "Probe: any centre word, no training", "zh": "探针：任选中心词，不训练"},
})


_add({
    "grad.title_dW1": {"en": "∂J/∂W1", "zh": "∂J/∂W1"},
    "grad.title_W1": {"en": "W1 (rows vᵢ)", "zh": "W1（行 vᵢ）"},
    "grad.title_dW2": {"en": "∂J/∂W2 = h eᵀ", "zh": "∂J/∂W2 = h eᵀ"},
    "grad.title_W2": {"en": "W2 (columns uⱼ)", "zh": "W2（列 uⱼ）"},
    "grad.key_row": {"en": "this step's W1 row(s)", "zh": "本步的 W1 行"},
    "grad.key_target": {"en": "target column", "zh": "目标词的列"},
    "grad.key_negative": {"en": "negative columns", "zh": "负样本的列"},
    "grad.dim": {"en": "dimension", "zh": "维度"},
    "grad.row_of": {"en": "row", "zh": "行"},
    "grad.col_of": {"en": "column", "zh": "列"},
    "grad.value": {"en": "value", "zh": "值"},
    "grad.log_scale": {"en": "log colour scale", "zh": "对数色标"},
    "grad.linear_scale": {"en": "linear colour scale", "zh": "线性色标"},
    "grad.when": {"en": "Gradients of step {n} (before its update); W1 and W2 as they are now, after it.",
                  "zh": "第 {n} 步的梯度（更新之前）；W1 和 W2 为更新之后的当前值。"},
    "grad.when_preview": {"en": "Gradients of the next step (not applied yet); W1 and W2 as they are now.",
                          "zh": "下一步的梯度（尚未执行）；W1 和 W2 为当前值。"},
    "grad.sum_dW1": {"en": "dW1 on {n} words × {d} dimensions: only the row(s) of {rows} are non-zero.",
                     "zh": "dW1（{n} 个词 × {d} 维）：只有 {rows} 的行非零。"},
    "grad.sum_W1": {"en": "W1 on {n} words × {d} dimensions; this step moved the row(s) of {rows}.",
                    "zh": "W1（{n} 个词 × {d} 维）；本步更新了 {rows} 的行。"},
    "grad.sum_dW2_softmax": {"en": "dW2 on {d} dimensions × {n} words: all {k} columns are non-zero; the target column ({targets}) dominates.",
                             "zh": "dW2（{d} 维 × {n} 个词）：全部 {k} 列非零；目标词（{targets}）的列最大。"},
    "grad.sum_dW2_negative": {"en": "dW2 on {d} dimensions × {n} words: only {k} columns are non-zero: the target ({targets}) and the negatives.",
                              "zh": "dW2（{d} 维 × {n} 个词）：只有 {k} 列非零：目标词（{targets}）和负样本。"},
    "grad.sum_W2": {"en": "W2 on {d} dimensions × {n} words; the target column: {targets}.",
                    "zh": "W2（{d} 维 × {n} 个词）；目标词的列：{targets}。"},
})
