<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>AuditTrail</name>
    <message>
        <location filename="../src/inspector_app/ui/audit_view.py" line="+52"/>
        <source>检查</source>
        <translation>Inspection</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>检查组成员</source>
        <translation>Team member</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+25"/>
        <source>检查结果</source>
        <translation>Item result</translation>
    </message>
    <message>
        <location line="-24"/>
        <source>缺陷</source>
        <translation>Defect</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>照片</source>
        <translation>Photo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>签名</source>
        <translation>Signature</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+63"/>
        <source>审核意见</source>
        <translation>Review</translation>
    </message>
    <message>
        <location line="-62"/>
        <source>对审核意见的答复</source>
        <translation>Answer to a review</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>出具的报告</source>
        <translation>Issued report</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+174"/>
        <source>新建</source>
        <translation>Created</translation>
    </message>
    <message>
        <location line="-173"/>
        <source>缺陷等级</source>
        <translation>Grade</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>缺陷事实</source>
        <translation>Facts</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>条款依据</source>
        <translation>Clause references</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>位置</source>
        <translation>Location</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>整改建议</source>
        <translation>Suggested rectification</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>真实性问题</source>
        <translation>Authenticity problem</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>直接影响产品质量</source>
        <translation>Directly affects product quality</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>关联检查项</source>
        <translation>Checklist item</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>删除</source>
        <translation>Deleted</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>照片说明</source>
        <translation>Caption</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>照片标注</source>
        <translation>Photo annotations</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>拍摄时间</source>
        <translation>Taken at</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>所属缺陷</source>
        <translation>Defect</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>随缺陷删除</source>
        <translation>Deleted with defect</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>理由</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>申报值</source>
        <translation>Declared value</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>现场值</source>
        <translation>Observed value</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>实际开始日期</source>
        <translation>Actual start date</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>实际结束日期</source>
        <translation>Actual end date</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>计划开始日期</source>
        <translation>Planned start date</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>计划结束日期</source>
        <translation>Planned end date</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>最终结论</source>
        <translation>Final conclusion</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>结论调整理由</source>
        <translation>Reason for the conclusion override</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>企业名称</source>
        <translation>Company</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>检查地址</source>
        <translation>Site address</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>品种</source>
        <translation>Products</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>检查范围</source>
        <translation>Scope</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>适用范围标签</source>
        <translation>Applicability tags</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>归档</source>
        <translation>Archived</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>文书编号</source>
        <translation>Document number</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>从文件导入</source>
        <translation>Imported from file</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>专家库条目</source>
        <translation>Expert pool entry</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>声明签署时间</source>
        <translation>Declaration signed at</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>单位</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>复查的原检查</source>
        <translation>Original inspection re-inspected</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>复查的原缺陷</source>
        <translation>Original defect re-checked</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>企业整改答复</source>
        <translation>Company&apos;s rectification answer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>复查结果</source>
        <translation>Re-check outcome</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>复查说明</source>
        <translation>Re-check note</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>检查类型</source>
        <translation>Inspection type</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>检查表</source>
        <translation>Checklist</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>检查表版本</source>
        <translation>Checklist version</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>创建时间</source>
        <translation>Created at</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>记录人</source>
        <translation>Recorded by</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>照片文件</source>
        <translation>Photo file</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>原文件名</source>
        <translation>Original file name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>签名图像</source>
        <translation>Signature image</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>签署时间</source>
        <translation>Signed at</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>审核状态</source>
        <translation>Review state</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>调整后等级</source>
        <translation>Adjusted grade</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>调整后事实</source>
        <translation>Adjusted facts</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>审核人</source>
        <translation>Reviewer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>所答复的审核意见</source>
        <translation>Review answered</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>答复</source>
        <translation>Answer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>报告编号</source>
        <translation>Report number</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>修订次数</source>
        <translation>Revision</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>替代的报告</source>
        <translation>Replaces report</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>报告模板</source>
        <translation>Report template</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>报告文件</source>
        <translation>Report file</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>出具人</source>
        <translation>Issued by</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>出具时间</source>
        <translation>Issued at</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>全部来源</source>
        <translation>All sources</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>本机与同步的记录</source>
        <translation>Recorded here or synced</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>从文件导入的记录</source>
        <translation>Imported from a file</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>旧版本记录</source>
        <translation>Earlier version</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{0} 处标注</source>
        <translation>annotations: {0}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>（新建记录）</source>
        <translation>(new record)</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>{name}（{extra}）</source>
        <translation>{name} ({extra})</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>，</source>
        <translation>,</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>来自文件 {file}，由 {by} 于 {at} 导入</source>
        <translation>From file {file}, imported by {by} on {at}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>旧版本记录，仅本机</source>
        <translation>Earlier version, this laptop only</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>由同步审计追踪之前的版本写入，只保存在这台电脑上，不会同步；其中的操作人可能是系统账户或设备。</source>
        <translation>Written by an app version before the audit trail was synced; kept on this laptop only and never synced. The person named may be a system account or a device.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>文件 {file}，含 {rows} 条审计记录</source>
        <translation>File {file}, with {rows} audit rows</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>已删除</source>
        <translation>Deleted</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>已恢复</source>
        <translation>Restored</translation>
    </message>
    <message>
        <location line="+125"/>
        <source>{kind}：{name}</source>
        <translation>{kind}: {name}</translation>
    </message>
</context>
<context>
    <name>AuditTrailDialog</name>
    <message>
        <location line="-114"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>操作人</source>
        <translation>User</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>记录</source>
        <translation>Record</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>字段</source>
        <translation>Field</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>原值 → 新值</source>
        <translation>Old → new value</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>修订原因</source>
        <translation>Revision reason</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <location line="+69"/>
        <source>审计追踪：{0}</source>
        <translation>Audit trail: {0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>全部记录</source>
        <translation>All records</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>只看有修订原因的</source>
        <translation>Only changes with a revision reason</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>记录类型：</source>
        <translation>Record type:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>来源：</source>
        <translation>Source:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message numerus="yes">
        <location line="+48"/>
        <source>共 %n 条</source>
        <translation>
            <numerusform>%n entry</numerusform>
            <numerusform>%n entries</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ChecklistModel</name>
    <message>
        <location filename="../src/inspector_app/ui/workspace/checklist_model.py" line="+139"/>
        <source>已查 {0}/{1}</source>
        <translation>Checked {0}/{1}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>检查项</source>
        <translation>Item</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source> · 缺陷%n</source>
        <translation>
            <numerusform> · %n defect</numerusform>
            <numerusform> · %n defects</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ChecklistPage</name>
    <message>
        <location filename="../src/inspector_app/ui/wizard/checklist.py" line="+67"/>
        <source>检查类型与检查表</source>
        <translation>Inspection type and checklist</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>只列出适用于所选检查类型的现行检查表；新检查只能选用现行法规的最新版本。</source>
        <translation>Only current checklists for the chosen inspection type are listed; a new inspection can only use the latest version of a regulation in force.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>检查类型(&amp;T)</source>
        <translation>Inspection &amp;type</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>检查表(&amp;L)</source>
        <translation>Check&amp;list</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>检查表库无法加载：{error}</source>
        <translation>The checklist library cannot be loaded: {error}</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>检查表库中没有适用于“{type}”的现行检查表。</source>
        <translation>The checklist library has no current checklist for “{type}”.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>依据《{name}》（{version}） · v{v} · {date} 起施行 · {items}</source>
        <translation>Based on “{name}” ({version}) · v{v} · in force since {date} · {items}</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>{title}：依据《{name}》（{version}，{issued}），{date} 起施行；共 {n} 项。</source>
        <translation>{title}: based on “{name}” ({version}, {issued}), in force since {date}; {n} items.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>请选择一个检查表。</source>
        <translation>Please choose a checklist.</translation>
    </message>
</context>
<context>
    <name>ClausePicker</name>
    <message>
        <location filename="../src/inspector_app/ui/defects/clause_picker.py" line="+202"/>
        <source>选择条款依据</source>
        <translation>Choose clauses</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>正文（《{0}》）</source>
        <translation>Main text ({0})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>附录《{0}》</source>
        <translation>Annex “{0}”</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>其他法规（自由填写）</source>
        <translation>Another regulation (free text)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>按条号或内容筛选</source>
        <translation>Filter by article number or text</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>其他条号：</source>
        <translation>Other article:</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>（不指定款）</source>
        <translation>(no paragraph)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>如：《药品管理法》第九十八条</source>
        <translation>e.g. Drug Administration Law, Article 98</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>其他法规的条款：</source>
        <translation>Clause of another regulation:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>添加</source>
        <translation>Add</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="-16"/>
        <source>法规部分：</source>
        <translation>Part of the regulation:</translation>
    </message>
    <message>
        <location line="-163"/>
        <source>〔条号待核实〕</source>
        <translation>[clause number to be verified]</translation>
    </message>
    <message>
        <location line="+164"/>
        <source>筛选：</source>
        <translation>Filter:</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>第 {0} 条</source>
        <translation>Article {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>第 {0} 款</source>
        <translation>paragraph {0}</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{0}：{1}</source>
        <translation>{0}: {1}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>条号待核实：请对照法规正式文本核对。</source>
        <translation>Clause number to be verified: check it against the official text of the regulation.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>；</source>
        <translation>; </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>将添加：{0}</source>
        <translation>Will add: {0}</translation>
    </message>
</context>
<context>
    <name>ClosingMeetingDialog</name>
    <message>
        <location filename="../src/inspector_app/ui/closing.py" line="+405"/>
        <source>末次会议：缺陷确认与签名</source>
        <translation>Closing meeting: defect acknowledgement and signatures</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>企业代表签名即表示确认以上缺陷清单。企业代表和至少一名检查员签名后，点击“确认并锁定”结束现场检查。锁定后，对检查记录的任何修改都必须填写修订原因，并会记入审计追踪。</source>
        <translation>By signing, the company representative acknowledges the defect list above. Once the company representative and at least one inspector have signed, click “Confirm and lock” to close the on-site inspection. After locking, every change to the record needs a revision reason and is kept in the audit trail.</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+212"/>
        <source>确认并锁定</source>
        <translation>Confirm and lock</translation>
    </message>
    <message>
        <location line="-211"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>序号</source>
        <translation>No.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>等级</source>
        <translation>Grade</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>缺陷事实</source>
        <translation>Facts</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>现场检查尚未开始（状态：{0}）。末次会议签名在现场检查期间进行。</source>
        <translation>The on-site inspection has not started (status: {0}). Signatures are collected at the closing meeting, during the on-site inspection.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>本检查已在末次会议上由企业确认并锁定（状态：{0}），不能再次签名。此后的修改需要填写修订原因，可在“审计追踪”中查看。</source>
        <translation>The company acknowledged this inspection at the closing meeting and it is locked (status: {0}); it cannot be signed again. Later changes need a revision reason and can be seen in the audit trail.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>企业代表（确认缺陷清单）</source>
        <translation>Company representative (acknowledges the defect list)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>检查员：{0}（{1}）</source>
        <translation>Inspector: {0} ({1})</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>企业代表</source>
        <translation>Company representative</translation>
    </message>
    <message>
        <location line="-25"/>
        <source>签名</source>
        <translation>Signature</translation>
    </message>
    <message numerus="yes">
        <location line="-127"/>
        <source>{0} · 缺陷合计 %n 项：{1}</source>
        <translation>
            <numerusform>{0} · %n defect in total: {1}</numerusform>
            <numerusform>{0} · %n defects in total: {1}</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>，</source>
        <translation>, </translation>
    </message>
    <message>
        <location line="+21"/>
        <source>依据条款</source>
        <translation>Clauses</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>；</source>
        <translation>; </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>位置：{0}</source>
        <translation>Location: {0}</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>本次检查未发现缺陷。</source>
        <translation>No defects were found in this inspection.</translation>
    </message>
    <message>
        <location line="+102"/>
        <source>签名已齐，可以确认并锁定。</source>
        <translation>All signatures are in; you can confirm and lock.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>至少一名检查员</source>
        <translation>at least one inspector</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>尚需签名：{0}</source>
        <translation>Still to sign: {0}</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <location line="+8"/>
        <source>锁定</source>
        <translation>Lock</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>已锁定。此后的每项修改都需要填写修订原因，并记入审计追踪。</source>
        <translation>Locked. From now on every change needs a revision reason and is kept in the audit trail.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>企业代表已确认缺陷清单。锁定后现场检查结束，之后的任何修改都需要填写修订原因并记入审计追踪。

现在锁定吗？</source>
        <translation>The company representative has acknowledged the defect list. Locking closes the on-site inspection; any later change needs a revision reason and is kept in the audit trail.

Lock now?</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>未保存：{0}</source>
        <translation>Not saved: {0}</translation>
    </message>
</context>
<context>
    <name>CompanyPage</name>
    <message>
        <location filename="../src/inspector_app/ui/wizard/company.py" line="+30"/>
        <source>企业信息</source>
        <translation>Company</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>被检查企业的名称、检查地址和涉及的品种。</source>
        <translation>Name of the inspected company, the site address and the products concerned.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>每行一个品种，例如：注射用头孢曲松钠</source>
        <translation>One product per line, e.g. Ceftriaxone sodium for injection</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>企业名称(&amp;C)*</source>
        <translation>&amp;Company name*</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>检查地址(&amp;A)</source>
        <translation>Site &amp;address</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>品种(&amp;P)</source>
        <translation>&amp;Products</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>请填写企业名称。</source>
        <translation>Please enter the company name.</translation>
    </message>
</context>
<context>
    <name>ConclusionText</name>
    <message>
        <location filename="../src/inspector_app/ui/conclusion_text.py" line="+21"/>
        <location line="+36"/>
        <source>严重缺陷</source>
        <translation>critical defects</translation>
    </message>
    <message>
        <location line="-35"/>
        <location line="+36"/>
        <source>主要缺陷</source>
        <translation>major defects</translation>
    </message>
    <message>
        <location line="-35"/>
        <location line="+36"/>
        <source>一般缺陷</source>
        <translation>general defects</translation>
    </message>
    <message>
        <location line="-35"/>
        <source>缺陷</source>
        <translation>defects</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>真实性问题（数据造假等）</source>
        <translation>authenticity problems (data falsification etc.)</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+6"/>
        <source>不符合要求的检查项目</source>
        <translation>non-conforming items</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>不符合要求的关键项目</source>
        <translation>non-conforming key items</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>不符合要求的一般项目</source>
        <translation>non-conforming general items</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>不符合要求的严重项目</source>
        <translation>non-conforming critical items</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>不符合要求的主要项目</source>
        <translation>non-conforming major items</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>未检查的项目</source>
        <translation>items not checked</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>直接影响产品质量的缺陷</source>
        <translation>defects directly affecting product quality</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>整改不到位或未按期整改的缺陷</source>
        <translation>defects not effectively rectified or rectified late</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>整改不到位或未按期整改的严重缺陷</source>
        <translation>critical defects not effectively rectified or rectified late</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>整改不到位或未按期整改的主要缺陷</source>
        <translation>major defects not effectively rectified or rectified late</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>整改不到位或未按期整改的一般缺陷</source>
        <translation>general defects not effectively rectified or rectified late</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>未按期提交整改材料的缺陷</source>
        <translation>defects whose rectification was not submitted on time</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>超过</source>
        <translation>more than</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>达到</source>
        <translation>at least</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>少于</source>
        <translation>fewer than</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>不超过</source>
        <translation>at most</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>等于</source>
        <translation>exactly</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>不等于</source>
        <translation>not</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>、</source>
        <translation> and </translation>
    </message>
    <message>
        <location line="+8"/>
        <source>经综合分析按{counts_as}评定</source>
        <translation>assessed together as one of the {counts_as}</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>{group}多项关联缺陷（%n 项{grade}，达到 {min} 项），{finding}</source>
        <translation>
            <numerusform>{group}: several linked defects (%n {grade}, at least {min}), {finding}</numerusform>
            <numerusform>{group}: several linked defects (%n {grade}, at least {min}), {finding}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+31"/>
        <source>，其中 %n 项为多项关联缺陷经综合分析评定</source>
        <translation>
            <numerusform>, of which %n is a group of linked defects assessed together</numerusform>
            <numerusform>, of which %n are groups of linked defects assessed together</numerusform>
        </translation>
    </message>
    <message>
        <location line="-19"/>
        <source>{noun}占比 {value}%（{op} {threshold}%；{items}/{total} 项，不适用项目不计入）</source>
        <translation>{noun}: {value}% ({op} {threshold}%; {items} of {total} items, not-applicable items excluded)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>无{noun}</source>
        <translation>no {noun}</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>存在 %n 项{noun}</source>
        <translation>
            <numerusform>{noun}: %n</numerusform>
            <numerusform>{noun}: %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>{noun}共 %n 项（{op} {threshold} 项）</source>
        <translation>
            <numerusform>{noun}: %n ({op} {threshold})</numerusform>
            <numerusform>{noun}: %n ({op} {threshold})</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ConfirmPage</name>
    <message>
        <location filename="../src/inspector_app/ui/wizard/confirm.py" line="+38"/>
        <source>确认</source>
        <translation>Confirm</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>核对以下信息，点“完成”建立检查。</source>
        <translation>Check the details below and click “Finish” to create the inspection.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>企业</source>
        <translation>Company</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>检查地址</source>
        <translation>Site address</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>品种</source>
        <translation>Products</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>检查类型</source>
        <translation>Inspection type</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>检查表</source>
        <translation>Checklist</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>范围</source>
        <translation>Scope</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>整个检查表</source>
        <translation>Whole checklist</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>适用标签</source>
        <translation>Applicability tags</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>范围内条目</source>
        <translation>Items in scope</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>检查组</source>
        <translation>Inspection team</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>计划日期</source>
        <translation>Planned dates</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>待定</source>
        <translation>To be decided</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>尚未签署声明（须在首次会议前签署）：{names}</source>
        <translation>Not declared yet (must declare before the opening meeting): {names}</translation>
    </message>
</context>
<context>
    <name>ConflictsDialog</name>
    <message>
        <location filename="../src/inspector_app/ui/sync_panel.py" line="+348"/>
        <source>记录</source>
        <translation>Record</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>字段</source>
        <translation>Field</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>当前值</source>
        <translation>Current value</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>另一台电脑的值</source>
        <translation>Value from the other laptop</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>当前值来自</source>
        <translation>Current value from</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>另一值来自</source>
        <translation>Other value from</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>同步冲突</source>
        <translation>Sync conflicts</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>两台电脑同时修改了同一项内容时，较晚的修改生效；另一项保存在这里。需要时可以改用另一台电脑的值（作为一次新的修改，会同步给所有人）。</source>
        <translation>When two computers change the same field, the later change wins and the other value is kept here. If needed, use the other computer’s value instead (as a new change, synced to everyone).</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>改用另一台电脑的值</source>
        <translation>Use the other computer’s value</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>保留当前值</source>
        <translation>Keep the current value</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>处理同步冲突</source>
        <translation>Resolve sync conflict</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>无法处理冲突</source>
        <translation>Cannot resolve the conflict</translation>
    </message>
</context>
<context>
    <name>ConsistencyPanel</name>
    <message>
        <location filename="../src/inspector_app/ui/workspace/consistency.py" line="+117"/>
        <source>一致性提示（仅作提醒，不影响继续工作）</source>
        <translation>Consistency warnings (reminders only; they never block your work)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>✔ 检查结果与缺陷一致，所有检查项目均已检查。</source>
        <translation>✔ Results and defects agree, and every item has been checked.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>将检查项标为不符合</source>
        <translation>Mark the item non-conforming</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>转到</source>
        <translation>Go to</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>……另有 %n 条同类提示</source>
        <translation>
            <numerusform>…and %n more warning of this kind</numerusform>
            <numerusform>…and %n more warnings of this kind</numerusform>
        </translation>
    </message>
    <message>
        <location line="+67"/>
        <source>检查项 {0} 判定为不符合，但尚未记录缺陷。</source>
        <translation>Item {0} is non-conforming, but no defect has been recorded for it.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>缺陷“{0}”关联的检查项 {1} 结果为“{2}”，与缺陷不一致。</source>
        <translation>Defect “{0}” is linked to item {1}, whose result is “{2}”: this does not match the defect.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>等</source>
        <translation> …</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>关键项目尚未检查（%n 项）：{0}{1}</source>
        <translation>
            <numerusform>Key item not checked yet (%n): {0}{1}</numerusform>
            <numerusform>Key items not checked yet (%n): {0}{1}</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>共 {0} 项中仍有 %n 项未检查。</source>
        <translation>
            <numerusform>%n of {0} items is not checked yet.</numerusform>
            <numerusform>%n of {0} items are not checked yet.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Counts</name>
    <message numerus="yes">
        <location filename="../src/inspector_app/ui/i18n.py" line="+274"/>
        <source>%n 项严重缺陷</source>
        <translation>
            <numerusform>%n critical defect</numerusform>
            <numerusform>%n critical defects</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n 项主要缺陷</source>
        <translation>
            <numerusform>%n major defect</numerusform>
            <numerusform>%n major defects</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n 项一般缺陷</source>
        <translation>
            <numerusform>%n general defect</numerusform>
            <numerusform>%n general defects</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n 项缺陷</source>
        <translation>
            <numerusform>%n defect</numerusform>
            <numerusform>%n defects</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n 个条目</source>
        <translation>
            <numerusform>%n item</numerusform>
            <numerusform>%n items</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n 项检查</source>
        <translation>
            <numerusform>%n inspection</numerusform>
            <numerusform>%n inspections</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DatesPage</name>
    <message>
        <location filename="../src/inspector_app/ui/wizard/dates.py" line="+38"/>
        <source>日期</source>
        <translation>Dates</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>计划的现场检查日期；实际日期在开始和结束现场检查时记录。</source>
        <translation>Planned dates of the on-site inspection; the actual dates are recorded when it starts and ends.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>计划开始(&amp;S)</source>
        <translation>Planned &amp;start</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>计划结束(&amp;E)</source>
        <translation>Planned &amp;end</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>日期待定(&amp;U)</source>
        <translation>Dates &amp;undecided</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>计划结束日期早于开始日期。</source>
        <translation>The planned end is before the planned start.</translation>
    </message>
</context>
<context>
    <name>DefectEditor</name>
    <message>
        <location filename="../src/inspector_app/ui/defects/editor.py" line="+160"/>
        <source>（不关联检查项）</source>
        <translation>(not tied to an item)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>现场发现的事实：时间、地点、记录编号、具体情况</source>
        <translation>Facts found on site: when, where, record numbers, what exactly</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>移除条款</source>
        <translation>Remove clause</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>如：冻干车间灌装间</source>
        <translation>e.g. filling room, freeze-drying workshop</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>真实性问题（数据造假或其他不真实情况）</source>
        <translation>Authenticity problem (falsified data or other untrue information)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>添加照片…</source>
        <translation>Add photos…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>导入文件夹…</source>
        <translation>Import folder…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>删除照片</source>
        <translation>Delete photo</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>添加条款…</source>
        <translation>Add clause…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>可将照片拖到此处；双击照片查看和标注，F2 编辑说明。</source>
        <translation>Drop photos here; double-click a photo to view and annotate it, F2 edits its caption.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>缺陷等级：</source>
        <translation>Grade:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>关联检查项：</source>
        <translation>Checklist item:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>缺陷事实（必填）：</source>
        <translation>Facts (required):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>条款依据：</source>
        <translation>Clauses:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>位置：</source>
        <translation>Location:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>整改建议：</source>
        <translation>Suggested rectification:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>保存缺陷</source>
        <translation>Save defect</translation>
    </message>
    <message>
        <location line="+300"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="-299"/>
        <source>记录已锁定，修改需要填写修订原因。您的修改尚未保存。</source>
        <translation>The record is locked: a change needs a revision reason. Your change is not saved yet.</translation>
    </message>
    <message>
        <location line="-21"/>
        <source>直接影响产品质量</source>
        <translation>Directly affects product quality</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>照片：</source>
        <translation>Photos:</translation>
    </message>
    <message>
        <location line="+261"/>
        <source>条号待核实：请对照法规正式文本核对。</source>
        <translation>Clause number to be verified: check it against the official text of the regulation.</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>勾选表示该缺陷直接影响产品质量。结论规则“{0}”读取此项（可导致：{1}）。依据：{2}</source>
        <translation>Tick if this defect directly affects product quality. The conclusion rule “{0}” reads it (it can lead to: {1}). Basis: {2}</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+212"/>
        <location line="+11"/>
        <source>新增缺陷</source>
        <translation>New defect</translation>
    </message>
    <message>
        <location line="-223"/>
        <source>编辑缺陷</source>
        <translation>Edit defect</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>填写缺陷事实后即自动保存；点击“保存缺陷”完成。</source>
        <translation>Saved automatically once the facts are entered; click “Save defect” to finish.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>已自动保存。点击“保存缺陷”完成；“取消”可删除这条新缺陷。</source>
        <translation>Saved automatically. Click “Save defect” to finish; “Cancel” can delete this new defect.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>修改随时自动保存，可撤销（Ctrl+Z）。</source>
        <translation>Changes save automatically and can be undone (Ctrl+Z).</translation>
    </message>
    <message>
        <location line="+100"/>
        <source>缺陷事实不能为空；其他修改已保存。</source>
        <translation>The facts cannot be empty; the other changes are saved.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>已保存。修改随时自动保存，可撤销（Ctrl+Z）。</source>
        <translation>Saved. Changes save automatically and can be undone (Ctrl+Z).</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>请先填写缺陷事实（必填）。</source>
        <translation>Please enter the facts first (required).</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>已放弃您的修改，显示的是已保存的内容。</source>
        <translation>Your change was discarded; the saved content is shown.</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>这条缺陷还没有保存。要保存吗？</source>
        <translation>This defect is not saved yet. Save it?</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>这条新缺陷已自动保存。保留它，还是删除它？
（删除会记入审计追踪，可用“撤销”恢复。）</source>
        <translation>This new defect was saved automatically. Keep it or delete it?
(Deleting is recorded in the audit trail and can be undone.)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>缺陷事实为空</source>
        <translation>Facts are empty</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>缺陷事实不能为空。恢复为已保存的描述并关闭，还是继续编辑？</source>
        <translation>The facts cannot be empty. Restore the saved text and close, or keep editing?</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>修订原因：{0}（本次编辑的修改都记录此原因）</source>
        <translation>Revision reason: {0} (recorded with every change made in this edit)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>这条缺陷已被删除（或撤销了新增）。</source>
        <translation>This defect was deleted (or its creation was undone).</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>添加照片前请先填写缺陷事实，缺陷将随之保存。</source>
        <translation>Enter the facts before adding photos; the defect is saved with them.</translation>
    </message>
</context>
<context>
    <name>DefectPanel</name>
    <message>
        <location filename="../src/inspector_app/ui/defects/panel.py" line="+121"/>
        <source>等级</source>
        <translation>Grade</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>缺陷事实</source>
        <translation>Facts</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>条款</source>
        <translation>Clauses</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>照片</source>
        <translation>Photos</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>新增</source>
        <translation>New</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>新增缺陷</source>
        <translation>New defect</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>编辑</source>
        <translation>Edit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>【直接影响产品质量】</source>
        <translation>[Directly affects product quality]</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>【真实性问题】</source>
        <translation>[Authenticity problem]</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>；</source>
        <translation>; </translation>
    </message>
    <message>
        <location line="+11"/>
        <source>（中心调整）</source>
        <translation> (adjusted by the center)</translation>
    </message>
    <message numerus="yes">
        <location line="+8"/>
        <source>全部缺陷（%n 项）</source>
        <translation>
            <numerusform>All: %n defect</numerusform>
            <numerusform>All: %n defects</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>未关联检查项的缺陷（%n 项）</source>
        <translation>
            <numerusform>Not linked to an item: %n defect</numerusform>
            <numerusform>Not linked to an item: %n defects</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>本项缺陷（%n 项）</source>
        <translation>
            <numerusform>This item: %n defect</numerusform>
            <numerusform>This item: %n defects</numerusform>
        </translation>
    </message>
    <message>
        <location line="+32"/>
        <source>中心调整（{0}，{1}）：</source>
        <translation>Adjusted by the center ({0}, {1}):</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>等级：{0}（原：{1}）</source>
        <translation>Grade: {0} (was: {1})</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>表述：{0}</source>
        <translation>Wording: {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>原表述：{0}</source>
        <translation>Original wording: {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>理由：{0}</source>
        <translation>Reason: {0}</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>删除缺陷</source>
        <translation>Delete defect</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>删除这条{0}？

{1}

其照片一并删除；可用“撤销”（Ctrl+Z）恢复。</source>
        <translation>Delete this {0}?

{1}

Its photos are deleted with it; “Undo” (Ctrl+Z) brings it back.</translation>
    </message>
</context>
<context>
    <name>ErrorDialog</name>
    <message>
        <location filename="../src/inspector_app/ui/app.py" line="+103"/>
        <source>

详细情况已记录在日志文件：{path}（帮助 › 打开日志文件夹）</source>
        <translation>

The details are in the log file: {path} (Help › Open log folder)</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>程序出现了未预料的错误：{error}。已保存的内容不受影响。</source>
        <translation>An unexpected error occurred: {error}. What was saved is not affected.</translation>
    </message>
</context>
<context>
    <name>FollowupBox</name>
    <message>
        <location filename="../src/inspector_app/ui/reinspection.py" line="+351"/>
        <source>原缺陷复查</source>
        <translation>Re-check of an original defect</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>（待核实）</source>
        <translation>(to be verified)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已整改</source>
        <translation>Rectified</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>部分整改</source>
        <translation>Partly rectified</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>未整改</source>
        <translation>Not rectified</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>企业整改答复：</source>
        <translation>Company&apos;s rectification answer:</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>现场核实：</source>
        <translation>On-site verification:</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>核实说明：</source>
        <translation>Verification note:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>如：SOP已修订，培训记录齐全</source>
        <translation>e.g. SOP revised, training records complete</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>（没有企业答复）</source>
        <translation>(no answer from the company)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>原缺陷（报告{number}）：{facts}</source>
        <translation>Original defect (report {number}): {facts}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>企业未提交整改情况。</source>
        <translation>The company submitted no rectification.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>原因分析：{text}</source>
        <translation>Cause analysis: {text}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>整改措施：{text}</source>
        <translation>Actions: {text}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>完成日期：{day}</source>
        <translation>Completed on: {day}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>证据：{names}</source>
        <translation>Evidence: {names}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>通过</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>整改不充分</source>
        <translation>Not sufficient</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>中心审核：{state}（{by}）{comment}</source>
        <translation>Center review: {state} ({by}) {comment}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>企业异议：{text}</source>
        <translation>Company objection: {text}</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>记录复查结果</source>
        <translation>Record the re-check outcome</translation>
    </message>
</context>
<context>
    <name>Grades</name>
    <message>
        <location filename="../src/inspector_app/ui/defects/grades.py" line="+23"/>
        <source>严重</source>
        <translation>Critical</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>主要</source>
        <translation>Major</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>一般</source>
        <translation>General</translation>
    </message>
</context>
<context>
    <name>HeldChangeBar</name>
    <message>
        <location filename="../src/inspector_app/ui/held_change.py" line="+38"/>
        <source>保存修改…</source>
        <translation>Save change…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>放弃我的修改</source>
        <translation>Discard my change</translation>
    </message>
</context>
<context>
    <name>InspectionSession</name>
    <message>
        <location filename="../src/inspector_app/ui/session.py" line="+86"/>
        <source>修改已锁定的检查记录</source>
        <translation>Change the locked inspection record</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>已取消：锁定后的修改需要填写修订原因。</source>
        <translation>Cancelled: a change to a locked record needs a revision reason.</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>修改检查结果</source>
        <translation>Change item result</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>检查结果 {0}</source>
        <translation>Result of {0}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>撤销/重做检查结果</source>
        <translation>Undo/redo item result</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+8"/>
        <source>新增缺陷</source>
        <translation>New defect</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>该缺陷已不存在。</source>
        <translation>This defect no longer exists.</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+7"/>
        <source>修改缺陷</source>
        <translation>Edit defect</translation>
    </message>
    <message>
        <location line="+14"/>
        <location line="+17"/>
        <source>删除缺陷</source>
        <translation>Delete defect</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>撤销/重做缺陷修改</source>
        <translation>Undo/redo defect change</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>恢复缺陷</source>
        <translation>Restore defect</translation>
    </message>
</context>
<context>
    <name>InspectionsModel</name>
    <message>
        <location filename="../src/inspector_app/ui/inspections_model.py" line="+33"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>企业</source>
        <translation>Company</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>检查类型</source>
        <translation>Inspection type</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>检查日期</source>
        <translation>Dates</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>严重</source>
        <translation>Critical</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>主要</source>
        <translation>Major</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>一般</source>
        <translation>General</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>办结期限</source>
        <translation>Due</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>下一步</source>
        <translation>Next step</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>进行中</source>
        <translation>ongoing</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>计划 {start} — {end}</source>
        <translation>planned {start} — {end}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>计划 {start}</source>
        <translation>planned {start}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>计时暂停</source>
        <translation>Clock stopped</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>待受理</source>
        <translation>Not yet accepted</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>无法计算</source>
        <translation>Cannot be computed</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>按时办结</source>
        <translation>Completed on time</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>超期办结</source>
        <translation>Completed late</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>已超期%n个工作日</source>
        <translation>%n working day(s) overdue</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>剩余%n个工作日</source>
        <translation>%n working day(s) left</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>暂停原因：{reason}</source>
        <translation>Stopped because: {reason}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>截至 {day}（上次同步）</source>
        <translation>As of {day} (last sync)</translation>
    </message>
    <message numerus="yes">
        <location line="+27"/>
        <source>未同步 %n 项更改</source>
        <translation>
            <numerusform>%n change not synced</numerusform>
            <numerusform>%n changes not synced</numerusform>
        </translation>
    </message>
    <message>
        <location line="+23"/>
        <source>缺陷数：{grade}</source>
        <translation>Number of defects: {grade}</translation>
    </message>
    <message>
        <location line="-22"/>
        <source>已同步</source>
        <translation>Synced</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>已归档</source>
        <translation>Archived</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>{status}（已归档）</source>
        <translation>{status} (archived)</translation>
    </message>
</context>
<context>
    <name>ItemPane</name>
    <message>
        <location filename="../src/inspector_app/ui/workspace/item_pane.py" line="+118"/>
        <source>检查要点</source>
        <translation>What to check</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>查阅资料</source>
        <translation>Records to see</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>要求</source>
        <translation>Requirement</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>条款依据</source>
        <translation>Clause references</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>结果：</source>
        <translation>Result:</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>检查记录（自动保存）</source>
        <translation>Notes (saved automatically)</translation>
    </message>
    <message>
        <location line="+156"/>
        <source>请在左侧选择检查项</source>
        <translation>Choose an item on the left</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>（关键项目）</source>
        <translation>(key item)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>（{0}）</source>
        <translation> ({0})</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>申报{0}{1}</source>
        <translation>Declared {0}{1}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>现场{0}{1}</source>
        <translation>Observed {0}{1}</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>这是章节。请选择其中的检查项以记录结果。</source>
        <translation>This is a chapter. Choose one of its items to record a result.</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>未填写修订原因，已放弃对 {0} 的修改。</source>
        <translation>No revision reason given: the change to {0} was discarded.</translation>
    </message>
    <message>
        <location line="-31"/>
        <location line="+61"/>
        <source>不适用理由：{0}</source>
        <translation>Reason not applicable: {0}</translation>
    </message>
    <message>
        <location line="-56"/>
        <source>〔条号待核实〕</source>
        <translation>[clause number to be verified]</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>条号待核实：中心尚需对照法规正式文本确认条号。打印的文书不显示此标注。</source>
        <translation>Clause number to be verified: the center still has to confirm it against the official text. Printed documents do not show this mark.</translation>
    </message>
    <message>
        <location line="+171"/>
        <source>已放弃您的修改，显示的是已保存的内容。</source>
        <translation>Your change was discarded; the saved content is shown.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>记录已锁定，修改需要填写修订原因。您的修改尚未保存。</source>
        <translation>The record is locked: a change needs a revision reason. Your change is not saved yet.</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <location filename="../src/inspector_app/ui/i18n.py" line="-55"/>
        <source>GMP符合性检查预检查</source>
        <translation>GMP compliance pre-inspection</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>注册核查预检查</source>
        <translation>Registration verification pre-inspection</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>许可检查预检查</source>
        <translation>Licence pre-inspection</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>草稿</source>
        <translation>Draft</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>现场检查中</source>
        <translation>On site</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>现场检查结束</source>
        <translation>On-site closed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>报告已出具</source>
        <translation>Report issued</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>符合</source>
        <translation>Conforming</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>不符合</source>
        <translation>Non-conforming</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>不适用</source>
        <translation>Not applicable</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>未检查</source>
        <translation>Not checked</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>严重缺陷</source>
        <translation>Critical defect</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>主要缺陷</source>
        <translation>Major defect</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>一般缺陷</source>
        <translation>General defect</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>组长</source>
        <translation>Team lead</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>组员</source>
        <translation>Member</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>外部专家</source>
        <translation>External expert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>检查组</source>
        <translation>Inspection team</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>企业代表</source>
        <translation>Company representative</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已批注</source>
        <translation>Commented</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>退回修改</source>
        <translation>Returned for changes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已调整</source>
        <translation>Adjusted</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>审核通过</source>
        <translation>Accepted</translation>
    </message>
</context>
<context>
    <name>Lifecycle</name>
    <message>
        <location filename="../src/inspector_app/ui/lifecycle.py" line="+45"/>
        <source>已锁定，等待中心审核</source>
        <translation>Locked, awaiting the center’s review</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>开始现场检查</source>
        <translation>Start on-site inspection</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>末次会议与签名</source>
        <translation>Closing meeting and signatures</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>等待中心审核</source>
        <translation>Awaiting the center’s review</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>无（报告已由中心出具）</source>
        <translation>None (the center has issued the report)</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../src/inspector_app/ui/main_window.py" line="+282"/>
        <source>预检查工作台</source>
        <translation>Pre-inspection workbench</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>视图(&amp;V)</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>语言(&amp;L)</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>工具栏</source>
        <translation>Toolbar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>新建检查(&amp;N)…</source>
        <translation>&amp;New inspection…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>打开(&amp;O)</source>
        <translation>&amp;Open</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>开始现场检查(&amp;S)…</source>
        <translation>&amp;Start on-site inspection…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>末次会议与签字(&amp;M)…</source>
        <translation>Closing &amp;meeting and signatures…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>复制为模板(&amp;T)…</source>
        <translation>Duplicate as &amp;template…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>刷新(&amp;R)</source>
        <translation>&amp;Refresh</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>显示已归档(&amp;A)</source>
        <translation>Show &amp;archived</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>退出(&amp;Q)</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>关于(&amp;B)</source>
        <translation>&amp;About</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>打开日志文件夹(&amp;L)</source>
        <translation>Open &amp;log folder</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>程序出错时的详细记录在这里，可发送给中心的技术支持</source>
        <translation>The details of any error are kept here; they can be sent to the center&apos;s technical support</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>检查员信息(&amp;I)…</source>
        <translation>&amp;Inspector profile…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>审计记录以此姓名记录每一次修改</source>
        <translation>The audit trail records every change under this name</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>新建检查</source>
        <translation>New inspection</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>打开</source>
        <translation>Open</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>开始现场检查</source>
        <translation>Start on site</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>末次会议</source>
        <translation>Closing meeting</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>新建检查：企业、检查表、范围、检查组和日期</source>
        <translation>New inspection: company, checklist, scope, team and dates</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>这台电脑上还没有检查。
按 Ctrl+N 新建检查。</source>
        <translation>There are no inspections on this computer yet.
Press Ctrl+N to create one.</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>数据目录：{path}</source>
        <translation>Data folder: {path}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>检查员：{name}</source>
        <translation>Inspector: {name}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>未填写检查员姓名</source>
        <translation>No inspector name set</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>文件 › 检查员信息…</source>
        <translation>File › Inspector profile…</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>取消归档(&amp;U)</source>
        <translation>&amp;Unarchive</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>归档(&amp;A)</source>
        <translation>&amp;Archive</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>取消归档</source>
        <translation>Unarchive</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>归档</source>
        <translation>Archive</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>无法打开检查</source>
        <translation>Cannot open the inspection</translation>
    </message>
    <message>
        <location line="+217"/>
        <source>日志文件夹</source>
        <translation>Log folder</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>日志文件夹：{path}</source>
        <translation>Log folder: {path}</translation>
    </message>
    <message>
        <location line="-353"/>
        <location line="+198"/>
        <source>复制为模板</source>
        <translation>Duplicate as template</translation>
    </message>
    <message numerus="yes">
        <location line="-373"/>
        <location line="+208"/>
        <source>共 %n 项检查</source>
        <translation>
            <numerusform>%n inspection</numerusform>
            <numerusform>%n inspections</numerusform>
        </translation>
    </message>
    <message>
        <location line="-207"/>
        <source>正在打开数据…</source>
        <translation>Opening the data…</translation>
    </message>
    <message>
        <location line="+332"/>
        <source>无法开始现场检查</source>
        <translation>Cannot start the on-site inspection</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>“{company}”的现场检查已开始（{date}）。</source>
        <translation>On-site inspection of “{company}” started ({date}).</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>以“{company}”的检查类型、检查表、范围和检查组新建一项检查。
新企业名称：</source>
        <translation>Create an inspection with the type, checklist, scope and team of “{company}”.
New company name:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>新建</source>
        <translation>Create</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>无法复制为模板</source>
        <translation>Cannot duplicate as template</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>已新建“{company}”的检查；检查组成员须重新签署声明。</source>
        <translation>Created the inspection of “{company}”; team members must declare again.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>“{company}”已锁定；请说明归档的原因。</source>
        <translation>“{company}” is locked; please give the reason for archiving it.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>无法归档</source>
        <translation>Cannot archive</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>已归档“{company}”；在“视图 › 显示已归档”中可以找回。</source>
        <translation>Archived “{company}”; find it again with View › Show archived.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>没有可用的 {language} 翻译，界面保持中文。</source>
        <translation>No {language} translation is available; the interface stays in Chinese.</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>欢迎，{name}。按 Ctrl+N 新建检查。</source>
        <translation>Welcome, {name}. Press Ctrl+N to create an inspection.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>此后的修改将记录为“{name}”所做。</source>
        <translation>Changes from now on are recorded as made by “{name}”.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>关于</source>
        <translation>About</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>预检查工作台 inspector_app {version}
数据目录：{path}</source>
        <translation>Pre-inspection workbench inspector_app {version}
Data folder: {path}</translation>
    </message>
</context>
<context>
    <name>NewInspectionWizard</name>
    <message>
        <location filename="../src/inspector_app/ui/wizard/wizard.py" line="+51"/>
        <source>新建检查</source>
        <translation>New inspection</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&lt; 上一步(&amp;B)</source>
        <translation>&lt; &amp;Back</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>下一步(&amp;N) &gt;</source>
        <translation>&amp;Next &gt;</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>完成(&amp;F)</source>
        <translation>&amp;Finish</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>未能建立检查：{error}</source>
        <translation>The inspection was not created: {error}</translation>
    </message>
</context>
<context>
    <name>NotApplicableReasonDialog</name>
    <message>
        <location filename="../src/inspector_app/ui/workspace/na_reason.py" line="+75"/>
        <source>不适用理由</source>
        <translation>Reason for not applicable</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0} 不适用的理由（必填）：</source>
        <translation>Why {0} is not applicable (required):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>例如：企业不生产无菌制剂，本条不适用</source>
        <translation>e.g. the company makes no sterile products, so this item does not apply</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+Enter 确定，Esc 取消</source>
        <translation>Ctrl+Enter to confirm, Esc to cancel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <location filename="../src/inspector_app/ui/unlock.py" line="+56"/>
        <source>本机数据口令</source>
        <translation>Data passphrase</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>口令(&amp;P)：</source>
        <translation>&amp;Passphrase:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>再输入一次(&amp;A)：</source>
        <translation>&amp;Again:</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>设置口令</source>
        <translation>Set passphrase</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>解锁</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>退出程序</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>本机数据（检查记录、照片）将加密保存。这台电脑没有可用的系统钥匙串，请设置一个口令（至少8个字符）；每次启动和离开一段时间后需要输入它。口令遗失则数据无法打开，请妥善保管。</source>
        <translation>This laptop&apos;s data (inspection records, photos) will be stored encrypted. This computer has no usable keyring: set a passphrase (at least 8 characters); it is asked at every start and after some time away. Without the passphrase the data cannot be opened: keep it safe.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>程序已锁定（长时间无操作）。请输入本机数据口令继续。</source>
        <translation>Locked after a while without use. Enter the data passphrase to continue.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>本机数据已加密。请输入本机数据口令。</source>
        <translation>This laptop&apos;s data is encrypted. Enter the data passphrase.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>口令至少需要{n}个字符。</source>
        <translation>The passphrase needs at least {n} characters.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>两次输入的口令不一致。</source>
        <translation>The two passphrases differ.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>口令不正确，数据未作任何改动。请重新输入。</source>
        <translation>Wrong passphrase; nothing was changed. Try again.</translation>
    </message>
</context>
<context>
    <name>Person</name>
    <message>
        <location filename="../src/inspector_app/ui/profile.py" line="+41"/>
        <source>检查员</source>
        <translation>Inspector</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>审核员</source>
        <translation>Reviewer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>管理人员</source>
        <translation>Manager</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>系统管理员</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>企业用户</source>
        <translation>Company user</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>{account}（{role}）</source>
        <translation>{account} ({role})</translation>
    </message>
</context>
<context>
    <name>PhotoStrip</name>
    <message>
        <location filename="../src/inspector_app/ui/defects/photos.py" line="+206"/>
        <source>双击照片可放大查看和标注；按 F2 编辑说明；可从文件管理器拖入照片</source>
        <translation>Double-click a photo to view it full size and annotate it; F2 edits the caption; drag photos in from the file manager</translation>
    </message>
    <message numerus="yes">
        <location line="+10"/>
        <source>已标注 %n 处（原图未改动）</source>
        <translation>
            <numerusform>%n annotation (original unchanged)</numerusform>
            <numerusform>%n annotations (original unchanged)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PhotoViewer</name>
    <message>
        <location filename="../src/inspector_app/ui/photo_viewer/dialog.py" line="+116"/>
        <source>该照片已不存在。</source>
        <translation>This photo no longer exists.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>标注照片</source>
        <translation>Annotate photo</translation>
    </message>
    <message>
        <location line="+71"/>
        <source>一张照片最多 {0} 个标注；请先删除不需要的标注。</source>
        <translation>A photo can carry at most {0} annotations; first delete the ones you no longer need.</translation>
    </message>
    <message>
        <location line="+75"/>
        <source>照片：{0}</source>
        <translation>Photo: {0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>原始文件：{0}&#x3000;SHA-256：{1}…{2}&#x3000;原图不改动；标注另存，报告用标注后的图</source>
        <translation>Original file: {0}   SHA-256: {1}…{2}   The original is never changed; annotations are kept apart and the report uses the annotated image</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>选择/平移</source>
        <translation>Select/pan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>箭头</source>
        <translation>Arrow</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>圆圈</source>
        <translation>Circle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>方框</source>
        <translation>Box</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>文字</source>
        <translation>Text</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>删除所选</source>
        <translation>Delete selected</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>撤销上一标注</source>
        <translation>Undo last annotation</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>放大</source>
        <translation>Zoom in</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>缩小</source>
        <translation>Zoom out</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>适应窗口</source>
        <translation>Fit to window</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>保存标注</source>
        <translation>Save annotations</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>照片待同步：文件尚未从服务器到达，暂不能查看或标注。</source>
        <translation>Photo not synced yet: the file has not arrived from the server, so it cannot be viewed or annotated yet.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>无法读取照片文件。</source>
        <translation>Cannot read the photo file.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Ctrl+滚轮缩放；选择工具下拖动空白处平移，任何工具下均可按住右键或中键平移。</source>
        <translation>Ctrl+wheel zooms; with Select, drag an empty area to pan; with any tool, hold the right or middle button to pan.</translation>
    </message>
    <message numerus="yes">
        <location line="+29"/>
        <source>%n 个标注，尚未保存。</source>
        <translation>
            <numerusform>%n annotation, not saved yet.</numerusform>
            <numerusform>%n annotations, not saved yet.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+27"/>
        <source>未保存：{0}</source>
        <translation>Not saved: {0}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>未保存。可再次保存，或按“取消”放弃这些标注。</source>
        <translation>Not saved. Save again, or press “Cancel” to discard these annotations.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>放弃标注</source>
        <translation>Discard annotations</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>放弃尚未保存的标注吗？</source>
        <translation>Discard the unsaved annotations?</translation>
    </message>
</context>
<context>
    <name>Photos</name>
    <message>
        <location filename="../src/inspector_app/ui/defects/photos.py" line="-144"/>
        <source>照片待同步</source>
        <translation>Photo not synced yet</translation>
    </message>
    <message>
        <location line="+278"/>
        <source>修改照片说明</source>
        <translation>Edit photo caption</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>删除照片</source>
        <translation>Delete photo</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>正在导入照片…</source>
        <translation>Importing photos…</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="-1"/>
        <location line="+60"/>
        <location line="+13"/>
        <source>导入照片</source>
        <translation>Import photos</translation>
    </message>
    <message>
        <location line="-61"/>
        <source>正在导入照片 {0}/{1}：{2}</source>
        <translation>Importing photo {0}/{1}: {2}</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>导入中断：{0}</source>
        <translation>Import interrupted: {0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>已取消导入；已导入的 {0} 张照片均完整保存。</source>
        <translation>Import cancelled; the {0} photos imported so far are saved complete.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>已导入 {0} 张，以下 {1} 个文件未导入：</source>
        <translation>Imported {0}; these {1} files were not imported:</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>已取消：锁定后的修改需要填写修订原因。</source>
        <translation>Cancelled: a change to a locked record needs a revision reason.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>添加照片</source>
        <translation>Add photos</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>选择照片文件夹（如相机存储卡）</source>
        <translation>Choose a photo folder (e.g. the camera&apos;s memory card)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>选择照片</source>
        <translation>Choose photos</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>照片 ({0})</source>
        <translation>Photos ({0})</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>该文件夹中没有照片文件。</source>
        <translation>This folder has no photo files.</translation>
    </message>
</context>
<context>
    <name>ProfileDialog</name>
    <message>
        <location filename="../src/inspector_app/ui/profile.py" line="+80"/>
        <source>检查员信息</source>
        <translation>Inspector profile</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>欢迎使用预检查工作台。开始之前，请填写您的姓名。</source>
        <translation>Welcome to the pre-inspection workbench. Before you start, please enter your name.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>审计记录以此姓名记录每一次修改：谁、何时、把什么改成了什么。请填写您本人的真实姓名。</source>
        <translation>The audit trail records every change under this name: who changed what, when, from what to what. Please enter your own real name.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>姓名（必填）(&amp;N)：</source>
        <translation>&amp;Name (required):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>单位（选填）(&amp;U)：</source>
        <translation>&amp;Unit (optional):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>例如：张明</source>
        <translation>e.g. Zhang Ming</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>例如：区新药服务中心检查一处</source>
        <translation>e.g. Inspection Division 1, New Drug Service Center</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>中心账号：</source>
        <translation>Center account:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>修改姓名只影响此后的记录；已有的审计记录保持原样。</source>
        <translation>A new name applies to later changes only; existing audit rows stay as they are.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>其他设置（都可以以后再改）</source>
        <translation>Other settings (all can be changed later)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>界面语言(&amp;L)：</source>
        <translation>&amp;Language:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>中心服务器地址（选填）(&amp;S)：</source>
        <translation>Center&apos;s &amp;server address (optional):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>例如：https://center.example.cn</source>
        <translation>e.g. https://center.example.cn</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>登记码（选填）(&amp;C)：</source>
        <translation>Enrolment &amp;code (optional):</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>中心管理员给的一次性登记码；现在不联网可留空</source>
        <translation>The one-time code from the center&apos;s administrator; leave empty when offline</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>添加一项演示检查，用于熟悉操作（演示数据，可随时删除）(&amp;D)</source>
        <translation>Add a &amp;demo inspection to learn the app (fictitious data, can be deleted any time)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>开始使用</source>
        <translation>Start</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+141"/>
        <source>退出程序</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location line="-141"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>登记未完成：{error}</source>
        <translation>Enrolment not completed: {error}</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>中心服务器地址</source>
        <translation>Center&apos;s server address</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>未填写姓名</source>
        <translation>No name given</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>没有检查员姓名，本机不能保存任何检查记录（审计记录须写明每一次修改是谁做的）。
退出程序吗？下次启动时会再次询问。</source>
        <translation>Without an inspector name this laptop cannot save any inspection record (the audit trail must name who made each change).
Quit now? You will be asked again at the next start.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>返回填写</source>
        <translation>Back</translation>
    </message>
</context>
<context>
    <name>Reinspection</name>
    <message>
        <location filename="../src/inspector_app/ui/reinspection.py" line="-362"/>
        <source>新建复查(&amp;V)…</source>
        <translation>New re-inspection (&amp;V)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>复查已出具报告的检查：预载原缺陷和企业的整改答复，现场逐条核实</source>
        <translation>Re-inspect an inspection whose report was issued: the original defects and the company&apos;s rectification answers are preloaded, to be verified on site one by one</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>无法新建复查</source>
        <translation>Cannot make a re-inspection</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>“{company}”的报告尚未由中心出具；复查只针对已出具报告的检查。</source>
        <translation>The report for “{company}” has not been issued by the center yet; a re-inspection follows an issued report only.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>已新建复查，原缺陷已预载，待现场核实。</source>
        <translation>Re-inspection created: the original defects are preloaded, awaiting verification on site.</translation>
    </message>
</context>
<context>
    <name>ReinspectionDialog</name>
    <message>
        <location line="+77"/>
        <location line="+21"/>
        <source>新建复查</source>
        <translation>New re-inspection</translation>
    </message>
    <message>
        <location line="-18"/>
        <source>复查“{company}”：企业、检查表和范围与原检查相同，预载原检查的每项缺陷及企业的整改答复，现场逐条核实。</source>
        <translation>Re-inspection of “{company}”: same company, checklist and scope as the original; each original defect is preloaded with the company&apos;s rectification answer, to be verified on site one by one.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>计划开始：</source>
        <translation>Planned start:</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>计划结束：</source>
        <translation>Planned end:</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>检查组：</source>
        <translation>Team:</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>添加组员：姓名</source>
        <translation>Add a member: name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>添加</source>
        <translation>Add</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>正在从中心获取企业的整改答复…</source>
        <translation>Fetching the company&apos;s rectification answers from the center…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>没有企业的整改答复：请在联网时打开本对话框以从中心获取。</source>
        <translation>No rectification answers from the company: open this dialog while online to fetch them from the center.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>获取失败：{error}</source>
        <translation>Fetching failed: {error}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>企业整改答复（报告{number}，中心于{when}生成）：{total}项缺陷中{answered}项已答复。</source>
        <translation>Company&apos;s rectification answers (report {number}, made by the center {when}): {answered} of {total} defects answered.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>未能重新获取（{error}），使用上次获取的答复。</source>
        <translation>Could not fetch again ({error}); using the answers fetched last time.</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>检查组须有一名组长：请勾选组长。</source>
        <translation>The team needs a lead: tick the lead.</translation>
    </message>
</context>
<context>
    <name>ReportExport</name>
    <message>
        <location filename="../src/inspector_app/ui/report_export.py" line="+40"/>
        <source>缺陷项目清单</source>
        <translation>Defect list</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>预检查报告</source>
        <translation>Pre-inspection report</translation>
    </message>
    <message>
        <location line="+77"/>
        <source>无法打开 PDF</source>
        <translation>Cannot open the PDF</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>报告已保存，但本机没有可以打开 PDF 文件的程序。</source>
        <translation>The report was saved, but this computer has no program that opens PDF files.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>文件位置：{path}
请安装 PDF 阅读器，或把文件复制到其他电脑打开。</source>
        <translation>File: {path}
Install a PDF reader, or copy the file to another computer to open it.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>打开所在文件夹(&amp;O)</source>
        <translation>&amp;Open containing folder</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>导出{title}</source>
        <translation>Export {title}</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>正在生成{title}：{step}</source>
        <translation>Generating the {title}: {step}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>正在生成{title}…</source>
        <translation>Generating the {title}…</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>导出{title}失败</source>
        <translation>Export of the {title} failed</translation>
    </message>
</context>
<context>
    <name>ReviewTaskCard</name>
    <message>
        <location filename="../src/inspector_app/ui/workspace/review_tasks.py" line="+84"/>
        <source>已回复 ✓</source>
        <translation>Answered ✓</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>待回复</source>
        <translation>Awaiting answer</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>【{0}】{1} · 退回修改 · {2} · {3}</source>
        <translation>[{0}] {1} · returned for correction · {2} · {3}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>回复：{0}（{1}，{2}）</source>
        <translation>Answer: {0} ({1}, {2})</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>写明已如何修改或说明理由</source>
        <translation>Say what was corrected, or why not</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>发送回复</source>
        <translation>Send answer</translation>
    </message>
</context>
<context>
    <name>ReviewTasksWidget</name>
    <message>
        <location line="+81"/>
        <source>缺陷{0}：{1}</source>
        <translation>Defect {0}: {1}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>整个检查</source>
        <translation>The whole inspection</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>报告已出具：{0}（第{1}版），{2} 于 {3} 出具。记录已锁定，不可再修改。</source>
        <translation>Report issued: {0} (revision {1}), issued by {2} on {3}. The record is locked and can no longer be changed.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>打开出具的报告</source>
        <translation>Open the issued report</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>中心退回 {0} 项，待回复 {1} 项</source>
        <translation>{0} returned by the center, {1} awaiting an answer</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>中心没有退回需要修改的事项。</source>
        <translation>The center has returned nothing for correction.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>请先写回复内容。</source>
        <translation>Write the answer first.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>回复中心审核</source>
        <translation>Answer the center&apos;s review</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>未发送：回复没有保存，见状态栏。</source>
        <translation>Not sent: the answer was not saved; see the status bar.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>回复已保存，下次同步时发送给中心。</source>
        <translation>Answer saved; it goes to the center with the next sync.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>没有可以打开 PDF 的程序；文件在：{0}</source>
        <translation>No program to open PDFs; the file is at: {0}</translation>
    </message>
</context>
<context>
    <name>RevisionReasonDialog</name>
    <message>
        <location filename="../src/inspector_app/ui/revision_reason.py" line="+64"/>
        <source>填写修订原因</source>
        <translation>Revision reason</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>企业已在末次会议上确认缺陷清单，本检查记录已锁定。锁定后的每一项修改都需要写明原因，原因将与修改一起记入审计追踪。</source>
        <translation>The company acknowledged the defect list at the closing meeting, so this record is locked. Every change after locking needs a reason, which is kept in the audit trail together with the change.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>要进行的修改：{0}</source>
        <translation>Change to make: {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>例如：企业补充提交了校准证书，经复核后修改</source>
        <translation>e.g. the company later submitted the calibration certificate; changed after review</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>确认修改</source>
        <translation>Make the change</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>暂不保存</source>
        <translation>Not now</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>选择“暂不保存”时，您的修改仍保留在输入框中，可稍后保存或放弃。</source>
        <translation>With “Not now” your change stays in the field, to be saved or discarded later.</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>修订原因（必填）：</source>
        <translation>Revision reason (required):</translation>
    </message>
</context>
<context>
    <name>RuleProfiles</name>
    <message>
        <location filename="../src/inspector_app/ui/i18n.py" line="+65"/>
        <source>通过检查</source>
        <translation>Passed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>整改后复查</source>
        <translation>Re-inspect after rectification</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>未通过检查</source>
        <translation>Failed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>通过核查</source>
        <translation>Verification passed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>未通过核查</source>
        <translation>Verification failed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>符合要求</source>
        <translation>Meets requirements</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>基本符合要求</source>
        <translation>Largely meets requirements</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>不符合要求</source>
        <translation>Does not meet requirements</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>待整改后评定</source>
        <translation>To be assessed after rectification</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>通过</source>
        <translation>Pass</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>不通过</source>
        <translation>Fail</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>存在缺陷，但未达到未通过检查的情形</source>
        <translation>Defects found, but not to the extent that fails the inspection</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>未发现不符合要求的检查项目</source>
        <translation>No non-conforming items found</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>未发现严重缺陷和主要缺陷</source>
        <translation>No critical or major defects found</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>未发现严重缺陷和主要缺陷，不符合要求的检查项目占比不超过10%</source>
        <translation>No critical or major defects found; non-conforming items are at most 10%</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>未发现真实性问题和严重缺陷</source>
        <translation>No authenticity problems and no critical defects found</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>未发现缺陷</source>
        <translation>No defects found</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>全部缺陷的整改经核实均已到位</source>
        <translation>The rectification of every defect was verified as effective</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>表明该系统不能有效运行，经综合分析按严重缺陷评定</source>
        <translation>showing that the system cannot work effectively; assessed together as a critical defect</translation>
    </message>
</context>
<context>
    <name>ScopePage</name>
    <message>
        <location filename="../src/inspector_app/ui/wizard/scope.py" line="+47"/>
        <source>检查范围</source>
        <translation>Scope</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>勾选要检查的章节（都不勾选即为整个检查表），以及适用的产品类别。</source>
        <translation>Tick the sections to inspect (none ticked means the whole checklist) and the product categories that apply.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>章节</source>
        <translation>Section</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>条目数</source>
        <translation>Items</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>适用范围标签</source>
        <translation>Applicability tags</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>勾选后检查带“{label}”标签的条目</source>
        <translation>Ticked: items tagged “{label}” are inspected</translation>
    </message>
    <message>
        <location line="+81"/>
        <source>（整个检查表）</source>
        <translation> (whole checklist)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>范围内条目：{n} / {total}{whole}</source>
        <translation>Items in scope: {n} / {total}{whole}</translation>
    </message>
</context>
<context>
    <name>SignaturePad</name>
    <message>
        <location filename="../src/inspector_app/ui/closing.py" line="-542"/>
        <source>在此处用鼠标或手写笔签名</source>
        <translation>Sign here with the mouse or a pen</translation>
    </message>
    <message>
        <location line="+118"/>
        <source>请在此签名</source>
        <translation>Please sign here</translation>
    </message>
</context>
<context>
    <name>StartOnSiteDialog</name>
    <message>
        <location filename="../src/inspector_app/ui/lifecycle.py" line="+45"/>
        <location line="+12"/>
        <source>开始现场检查</source>
        <translation>Start on-site inspection</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>开始“{0}”的现场检查。开始后可以逐项检查、记录缺陷，并在末次会议上由企业确认缺陷清单并签名。</source>
        <translation>Start the on-site inspection of “{0}”. Once it has started you can check item by item and record defects; at the closing meeting the company acknowledges the defect list and signs.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>实际开始日期：</source>
        <translation>Actual start date:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>计划开始日期：{0}</source>
        <translation>Planned start date: {0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>SummaryWidget</name>
    <message>
        <location filename="../src/inspector_app/ui/workspace/summary.py" line="+49"/>
        <source>修改最终结论</source>
        <translation>Change the final conclusion</translation>
    </message>
    <message>
        <location line="+169"/>
        <source>建议结论</source>
        <translation>Suggested conclusion</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>章节</source>
        <translation>Section</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已查</source>
        <translation>Checked</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>不符合</source>
        <translation>Non-conforming</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>检查情况</source>
        <translation>Findings</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>修订结论的理由（必填）</source>
        <translation>Reason for changing the conclusion (required)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>保存最终结论</source>
        <translation>Save the final conclusion</translation>
    </message>
    <message>
        <location line="-13"/>
        <source>最终结论</source>
        <translation>Final conclusion</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>结论：</source>
        <translation>Conclusion:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>理由：</source>
        <translation>Reasons:</translation>
    </message>
    <message>
        <location line="-14"/>
        <source>中心审核意见</source>
        <translation>Center review</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>严重</source>
        <translation>Critical</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>主要</source>
        <translation>Major</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>一般</source>
        <translation>General</translation>
    </message>
    <message numerus="yes">
        <location line="+34"/>
        <source>（暂定，仍有 %n 项未检查）</source>
        <translation>
            <numerusform> (provisional: %n item not checked yet)</numerusform>
            <numerusform> (provisional: %n items not checked yet)</numerusform>
        </translation>
    </message>
    <message>
        <location line="+8"/>
        <source>依据：{0}（{1}）</source>
        <translation>Basis: {0} ({1})</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>或</source>
        <translation> or </translation>
    </message>
    <message>
        <location line="+7"/>
        <source>此结论不是最终结论：企业整改后，由中心逐项核实整改情况，综合评定为{0}。</source>
        <translation>This conclusion is not final: after the company rectifies, the center verifies each rectification and makes the overall assessment ({0}).</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>缺陷{0}</source>
        <translation>Defect {0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>整体</source>
        <translation>Whole inspection</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>
  等级调整为{0}，理由：{1}</source>
        <translation>
  Grade adjusted to {0}; reason: {1}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>
  表述调整为：{0}，理由：{1}</source>
        <translation>
  Wording adjusted to: {0}; reason: {1}</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{checked}，{failed}；{defects}：{grades}</source>
        <translation>{checked}, {failed}; {defects}: {grades}</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>已查 {0}/%n 项</source>
        <translation>
            <numerusform>Checked {0} of %n item</numerusform>
            <numerusform>Checked {0} of %n items</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>不符合 %n 项</source>
        <translation>
            <numerusform>%n non-conforming</numerusform>
            <numerusform>%n non-conforming</numerusform>
        </translation>
    </message>
    <message>
        <location line="+27"/>
        <source>未关联检查项的缺陷</source>
        <translation>Defects not tied to an item</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>当前最终结论：{0}（检查组修订，理由：{1}）</source>
        <translation>Final conclusion: {0} (changed by the team, reason: {1})</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>当前最终结论：{0}（采用建议结论）</source>
        <translation>Final conclusion: {0} (the suggested conclusion)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>，暂定</source>
        <translation>, provisional</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>采用建议结论（{0}）</source>
        <translation>Use the suggested conclusion ({0})</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>修订结论必须填写理由。</source>
        <translation>Changing the conclusion needs a reason.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>未保存。</source>
        <translation>Not saved.</translation>
    </message>
</context>
<context>
    <name>SyncController</name>
    <message>
        <location filename="../src/inspector_app/ui/sync_panel.py" line="-205"/>
        <source>立即同步</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>同步冲突…</source>
        <translation>Sync conflicts…</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>这台电脑已被撤销</source>
        <translation>This laptop was revoked</translation>
    </message>
</context>
<context>
    <name>SyncStatusWidget</name>
    <message>
        <location line="-256"/>
        <source>上传更改</source>
        <translation>Uploading changes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>下载更改</source>
        <translation>Downloading changes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>上传照片</source>
        <translation>Uploading photos</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>下载照片</source>
        <translation>Downloading photos</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>立即与中心同步</source>
        <translation>Sync with the center now</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>中心已撤销这台电脑：它的同步凭据和数据密钥已被删除；应用关闭后，这里的数据将无法再打开；尚未同步的更改已丢失。</source>
        <translation>The center revoked this laptop: its sync credentials and its data key were deleted; once the app is closed the data here can no longer be opened; changes not yet synced are lost.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>中心已撤销这台电脑：它的同步凭据已被删除；尚未同步的更改无法再发送到中心。</source>
        <translation>The center revoked this laptop: its sync credentials were deleted; changes not yet synced can no longer be sent to the center.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>撤销时间：{t}</source>
        <translation>Revoked at: {t}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>未登记同步服务器</source>
        <translation>No sync server enrolled</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>从未同步</source>
        <translation>Never synced</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>上次同步 {t}</source>
        <translation>Last synced {t}</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>{when}；待同步 %n 项</source>
        <translation>
            <numerusform>{when}; %n change to sync</numerusform>
            <numerusform>{when}; %n changes to sync</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>；待上传照片 %n 张</source>
        <translation>
            <numerusform>; %n photo to upload</numerusform>
            <numerusform>; %n photos to upload</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>；照片待下载 %n 张</source>
        <translation>
            <numerusform>; %n photo to download</numerusform>
            <numerusform>; %n photos to download</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>；冲突 %n 项</source>
        <translation>
            <numerusform>; %n conflict</numerusform>
            <numerusform>; %n conflicts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>；被服务器拒绝 %n 项</source>
        <translation>
            <numerusform>; %n rejected by the server</numerusform>
            <numerusform>; %n rejected by the server</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+13"/>
        <source>等待设备密钥 %n 项</source>
        <translation>
            <numerusform>%n entry waiting for a device key</numerusform>
            <numerusform>%n entries waiting for a device key</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>设备 {device}：%n 项（{reason}）</source>
        <translation>
            <numerusform>Device {device}: %n entry ({reason})</numerusform>
            <numerusform>Device {device}: %n entries ({reason})</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>同步取得团队的设备密钥后自动核对并应用。</source>
        <translation>They are checked and applied as soon as a sync brings the team&apos;s device keys.</translation>
    </message>
</context>
<context>
    <name>TeamPage</name>
    <message>
        <location filename="../src/inspector_app/ui/wizard/team.py" line="+120"/>
        <source>检查组</source>
        <translation>Inspection team</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>一名组长；外部专家须在建立检查前签署保密及无利益冲突声明。</source>
        <translation>One team lead; external experts must sign the confidentiality and no-conflict declaration before the inspection is created.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>添加成员(&amp;D)</source>
        <translation>A&amp;dd member</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>单位</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>保密及无利益冲突声明</source>
        <translation>Confidentiality and no-conflict declaration</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>角色(&amp;R)</source>
        <translation>&amp;Role</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>单位(&amp;O)</source>
        <translation>&amp;Organisation</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>姓名(&amp;M)</source>
        <translation>Na&amp;me</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>从专家库选择(&amp;L)</source>
        <translation>From the expert poo&amp;l</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>已签署保密及无利益冲突声明(&amp;S)</source>
        <translation>Declaration si&amp;gned</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>删除所选成员(&amp;X)</source>
        <translation>Remo&amp;ve selected member</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>—（手工填写，如中心工作人员）</source>
        <translation>— (typed by hand, e.g. center staff)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>尚无专家库：同步后可从专家库选择专家。</source>
        <translation>No expert pool yet: after a sync, experts can be chosen from the pool.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>专家库 {n} 人，同步于 {time}</source>
        <translation>Expert pool: {n}, synced {time}</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>不能选择该专家：{reason}</source>
        <translation>This expert cannot be chosen: {reason}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>请填写成员姓名。</source>
        <translation>Please enter the member’s name.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{name} 已在检查组中。</source>
        <translation>{name} is already in the team.</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>未签署</source>
        <translation>Not signed</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>已签署 {time}</source>
        <translation>Signed {time}</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>姓名栏中还有未添加的成员：请点“添加成员”，或清空姓名栏。</source>
        <translation>The name field holds a member not added yet: click “Add member”, or clear the field.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>请指定一名组长。</source>
        <translation>Please name one team lead.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>检查组只能有一名组长（现有 {n} 名）。</source>
        <translation>A team has exactly one lead (there are {n}).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>外部专家须先签署保密及无利益冲突声明：{names}</source>
        <translation>External experts must sign the confidentiality and no-conflict declaration first: {names}</translation>
    </message>
</context>
<context>
    <name>TextPrompt</name>
    <message>
        <location filename="../src/inspector_app/ui/photo_viewer/dialog.py" line="-247"/>
        <source>添加文字标注</source>
        <translation>Add text annotation</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>文字（最多 {0} 字）：</source>
        <translation>Text (at most {0} characters):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>例如：压差表读数 3Pa</source>
        <translation>e.g. pressure gauge reads 3 Pa</translation>
    </message>
</context>
<context>
    <name>Unlock</name>
    <message>
        <location filename="../src/inspector_app/ui/unlock.py" line="+45"/>
        <source>完成本机数据加密</source>
        <translation>Finishing the encryption of this laptop&apos;s data</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>上次的加密被中断，正在继续完成（数据不会丢失）…</source>
        <translation>The last encryption was interrupted; finishing it now (nothing is lost)…</translation>
    </message>
</context>
<context>
    <name>WorkspaceWindow</name>
    <message>
        <location filename="../src/inspector_app/ui/workspace/window.py" line="+382"/>
        <source>搜索编号、要求、检查要点（Ctrl+F）</source>
        <translation>Search code, requirement, what to check (Ctrl+F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>仅未检查</source>
        <translation>Unanswered only</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>仅不符合</source>
        <translation>Non-conforming only</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>仅关键项目</source>
        <translation>Key items only</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>显示本次检查的全部缺陷</source>
        <translation>Show all defects of this inspection</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>检查项</source>
        <translation>Items</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+25"/>
        <source>汇总与结论</source>
        <translation>Summary and conclusion</translation>
    </message>
    <message>
        <location line="+161"/>
        <source>所有更改自动保存</source>
        <translation>Every change is saved automatically</translation>
    </message>
    <message>
        <location line="-184"/>
        <source>编辑(&amp;E)</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>撤销</source>
        <translation>Undo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>重做</source>
        <translation>Redo</translation>
    </message>
    <message>
        <location line="-41"/>
        <source>检查项(&amp;I)</source>
        <translation>&amp;Item</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>上一项</source>
        <translation>Previous item</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>下一项</source>
        <translation>Next item</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>下一个未检查项</source>
        <translation>Next unanswered item</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>查找</source>
        <translation>Find</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>筛选</source>
        <translation>Filter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>清除筛选和搜索</source>
        <translation>Clear filters and search</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>缺陷(&amp;D)</source>
        <translation>&amp;Defects</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>新增缺陷…</source>
        <translation>New defect…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>显示全部缺陷</source>
        <translation>Show all defects</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>导入照片文件夹…</source>
        <translation>Import photo folder…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>检查(&amp;N)</source>
        <translation>I&amp;nspection</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>开始现场检查…</source>
        <translation>Start on-site inspection…</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+299"/>
        <source>开始现场检查</source>
        <translation>Start on site</translation>
    </message>
    <message>
        <location line="-298"/>
        <source>末次会议与签字…</source>
        <translation>Closing meeting and signatures…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>末次会议</source>
        <translation>Closing meeting</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>等待中心审核</source>
        <translation>Awaiting the center’s review</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>审计记录…</source>
        <translation>Audit trail…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>中心审核任务</source>
        <translation>Center review tasks</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>打开出具的报告…</source>
        <translation>Open the issued report…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>导出报告</source>
        <translation>Export report</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>缺陷项目清单…</source>
        <translation>Defect list…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>预检查报告…</source>
        <translation>Pre-inspection report…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>检查流程</source>
        <translation>Inspection steps</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>窗口(&amp;W)</source>
        <translation>&amp;Window</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>后面没有未检查的项目了。</source>
        <translation>No unanswered items further on.</translation>
    </message>
    <message>
        <location line="+113"/>
        <source>已保存 {0}</source>
        <translation>Saved {0}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>未保存：{0}</source>
        <translation>Not saved: {0}</translation>
    </message>
    <message numerus="yes">
        <location line="+7"/>
        <source>待同步 %n 项更改</source>
        <translation>
            <numerusform>%n change to sync</numerusform>
            <numerusform>%n changes to sync</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>显示 %n 项</source>
        <translation>
            <numerusform>Showing %n item</numerusform>
            <numerusform>Showing %n items</numerusform>
        </translation>
    </message>
    <message>
        <location line="+14"/>
        <source>编号未同步</source>
        <translation>number not synced yet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>报告已出具（{0}）</source>
        <translation>Report issued ({0})</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>报告已出具，记录不可再修改</source>
        <translation>Report issued; the record can no longer be changed</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>中心审核</source>
        <translation>Center review</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>现场检查已开始（{0}）。</source>
        <translation>On-site inspection started ({0}).</translation>
    </message>
    <message>
        <location line="-120"/>
        <source>已查 {0}/{1}</source>
        <translation>Checked {0}/{1}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source> — 已锁定</source>
        <translation> — locked</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> — 等待中心审核</source>
        <translation> — awaiting the center’s review</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>状态：{0}</source>
        <translation>State: {0}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>已锁定：修改需填写修订原因</source>
        <translation>Locked: changes need a revision reason</translation>
    </message>
</context>
<context>
    <name>_SignatureBox</name>
    <message>
        <location filename="../src/inspector_app/ui/closing.py" line="+67"/>
        <source>企业代表姓名及职务</source>
        <translation>Company representative’s name and position</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>清除</source>
        <translation>Clear</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>签名确认</source>
        <translation>Sign</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>✔ {0} 已于 {1} 签名</source>
        <translation>✔ {0} signed at {1}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>未签名</source>
        <translation>Not signed</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>请先填写姓名</source>
        <translation>Please enter the name first</translation>
    </message>
</context>
</TS>
