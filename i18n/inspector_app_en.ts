<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
    <context>
        <name>AuditTrail</name>
        <message>
            <location filename="../src/inspector_app/ui/audit_view.py" line="+42" />
            <source>检查</source>
            <translation>Inspection</translation>
        </message>
        <message>
            <location line="+1" />
            <source>检查组成员</source>
            <translation>Team member</translation>
        </message>
        <message>
            <location line="+1" />
            <location line="+20" />
            <source>检查结果</source>
            <translation>Item result</translation>
        </message>
        <message>
            <location line="-19" />
            <source>缺陷</source>
            <translation>Defect</translation>
        </message>
        <message>
            <location line="+1" />
            <source>照片</source>
            <translation>Photo</translation>
        </message>
        <message>
            <location line="+1" />
            <source>签名</source>
            <translation>Signature</translation>
        </message>
        <message>
            <location line="+1" />
            <source>审核意见</source>
            <translation>Review</translation>
        </message>
        <message>
            <location line="+4" />
            <location line="+155" />
            <source>新建</source>
            <translation>Created</translation>
        </message>
        <message>
            <location line="-154" />
            <source>缺陷等级</source>
            <translation>Grade</translation>
        </message>
        <message>
            <location line="+1" />
            <source>缺陷事实</source>
            <translation>Facts</translation>
        </message>
        <message>
            <location line="+1" />
            <source>条款依据</source>
            <translation>Clause references</translation>
        </message>
        <message>
            <location line="+1" />
            <source>位置</source>
            <translation>Location</translation>
        </message>
        <message>
            <location line="+1" />
            <source>整改建议</source>
            <translation>Suggested rectification</translation>
        </message>
        <message>
            <location line="+1" />
            <source>真实性问题</source>
            <translation>Authenticity problem</translation>
        </message>
        <message>
            <location line="+1" />
            <source>关联检查项</source>
            <translation>Checklist item</translation>
        </message>
        <message>
            <location line="+1" />
            <source>删除</source>
            <translation>Deleted</translation>
        </message>
        <message>
            <location line="+1" />
            <source>照片说明</source>
            <translation>Caption</translation>
        </message>
        <message>
            <location line="+1" />
            <source>拍摄时间</source>
            <translation>Taken at</translation>
        </message>
        <message>
            <location line="+1" />
            <source>所属缺陷</source>
            <translation>Defect</translation>
        </message>
        <message>
            <location line="+2" />
            <source>理由</source>
            <translation>Reason</translation>
        </message>
        <message>
            <location line="+1" />
            <source>备注</source>
            <translation>Note</translation>
        </message>
        <message>
            <location line="+1" />
            <source>申报值</source>
            <translation>Declared value</translation>
        </message>
        <message>
            <location line="+1" />
            <source>现场值</source>
            <translation>Observed value</translation>
        </message>
        <message>
            <location line="+1" />
            <source>状态</source>
            <translation>Status</translation>
        </message>
        <message>
            <location line="+1" />
            <source>实际开始日期</source>
            <translation>Actual start date</translation>
        </message>
        <message>
            <location line="+1" />
            <source>实际结束日期</source>
            <translation>Actual end date</translation>
        </message>
        <message>
            <location line="+1" />
            <source>计划开始日期</source>
            <translation>Planned start date</translation>
        </message>
        <message>
            <location line="+1" />
            <source>计划结束日期</source>
            <translation>Planned end date</translation>
        </message>
        <message>
            <location line="+1" />
            <source>最终结论</source>
            <translation>Final conclusion</translation>
        </message>
        <message>
            <location line="+1" />
            <source>结论调整理由</source>
            <translation>Reason for the conclusion override</translation>
        </message>
        <message>
            <location line="+1" />
            <source>企业名称</source>
            <translation>Company</translation>
        </message>
        <message>
            <location line="+1" />
            <source>检查地址</source>
            <translation>Site address</translation>
        </message>
        <message>
            <location line="+1" />
            <source>品种</source>
            <translation>Products</translation>
        </message>
        <message>
            <location line="+1" />
            <source>检查范围</source>
            <translation>Scope</translation>
        </message>
        <message>
            <location line="+1" />
            <source>适用范围标签</source>
            <translation>Applicability tags</translation>
        </message>
        <message>
            <location line="+1" />
            <source>归档</source>
            <translation>Archived</translation>
        </message>
        <message>
            <location line="+1" />
            <source>姓名</source>
            <translation>Name</translation>
        </message>
        <message>
            <location line="+1" />
            <source>角色</source>
            <translation>Role</translation>
        </message>
        <message>
            <location line="+1" />
            <source>文书编号</source>
            <translation>Document number</translation>
        </message>
        <message>
            <location line="+28" />
            <source>是</source>
            <translation>Yes</translation>
        </message>
        <message>
            <location line="+2" />
            <source>否</source>
            <translation>No</translation>
        </message>
        <message>
            <location line="+5" />
            <source>（新建记录）</source>
            <translation>(new record)</translation>
        </message>
        <message>
            <location line="+95" />
            <source>已删除</source>
            <translation>Deleted</translation>
        </message>
        <message>
            <location line="+2" />
            <source>已恢复</source>
            <translation>Restored</translation>
        </message>
    </context>
    <context>
        <name>AuditTrailDialog</name>
        <message>
            <location line="-73" />
            <source>审计追踪：{0}</source>
            <translation>Audit trail: {0}</translation>
        </message>
        <message>
            <location line="+5" />
            <source>全部记录</source>
            <translation>All records</translation>
        </message>
        <message>
            <location line="+4" />
            <source>只看有修订原因的</source>
            <translation>Only changes with a revision reason</translation>
        </message>
        <message>
            <location line="+6" />
            <source>记录类型：</source>
            <translation>Record type:</translation>
        </message>
        <message>
            <location line="+20" />
            <source>关闭</source>
            <translation>Close</translation>
        </message>
        <message>
            <location line="+56" />
            <source>共 {0} 条</source>
            <translation>{0} entries</translation>
        </message>
    </context>
    <context>
        <name>ChecklistModel</name>
        <message>
            <location filename="../src/inspector_app/ui/workspace/checklist_model.py" line="+114" />
            <source>符合</source>
            <translation>Conforming</translation>
        </message>
        <message>
            <location line="+1" />
            <source>不符合</source>
            <translation>Non-conforming</translation>
        </message>
        <message>
            <location line="+1" />
            <source>不适用</source>
            <translation>Not applicable</translation>
        </message>
        <message>
            <location line="+3" />
            <source>已查 {0}/{1}</source>
            <translation>Checked {0}/{1}</translation>
        </message>
        <message>
            <location line="+1" />
            <source> · 缺陷{0}</source>
            <translation> · {0} defects</translation>
        </message>
        <message>
            <location line="+1" />
            <source>检查项</source>
            <translation>Item</translation>
        </message>
        <message>
            <location line="+0" />
            <source>结果</source>
            <translation>Result</translation>
        </message>
    </context>
    <context>
        <name>ChecklistPage</name>
        <message>
            <location filename="../src/inspector_app/ui/wizard.py" line="+115" />
            <source>检查类型与检查表</source>
            <translation>Inspection type and checklist</translation>
        </message>
        <message>
            <location line="+1" />
            <source>检查表按法规版本固定；新检查只能选用现行法规的最新版本。</source>
            <translation>A checklist is fixed to one version of its regulation; new inspections can only use the latest version for a regulation in force.</translation>
        </message>
        <message>
            <location line="+8" />
            <source>检查表</source>
            <translation>Checklist</translation>
        </message>
        <message>
            <location line="+1" />
            <source>依据法规</source>
            <translation>Regulation</translation>
        </message>
        <message>
            <location line="+1" />
            <source>版本</source>
            <translation>Version</translation>
        </message>
        <message>
            <location line="+1" />
            <source>施行日期</source>
            <translation>In force since</translation>
        </message>
        <message>
            <location line="+1" />
            <source>条目数</source>
            <translation>Items</translation>
        </message>
        <message>
            <location line="+11" />
            <source>检查类型(&amp;T)</source>
            <translation>Inspection &amp;type</translation>
        </message>
        <message>
            <location line="+3" />
            <source>检查表(&amp;L)</source>
            <translation>Check&amp;list</translation>
        </message>
        <message>
            <location line="+12" />
            <source>检查表库无法加载：{error}</source>
            <translation>The checklist library cannot be loaded: {error}</translation>
        </message>
        <message>
            <location line="+46" />
            <source>{title}：依据《{name}》（{version}，{issued}），{date} 起施行；共 {n} 项。</source>
            <translation>{title}: based on “{name}” ({version}, {issued}), in force since {date}; {n} items.</translation>
        </message>
        <message>
            <location line="+13" />
            <source>请选择一个检查表。</source>
            <translation>Please choose a checklist.</translation>
        </message>
    </context>
    <context>
        <name>ClosingMeetingDialog</name>
        <message>
            <location filename="../src/inspector_app/ui/closing.py" line="+280" />
            <source>末次会议：缺陷确认与签名</source>
            <translation>Closing meeting: defect acknowledgement and signatures</translation>
        </message>
        <message>
            <location line="+19" />
            <source>企业代表签名即表示确认以上缺陷清单。企业代表和至少一名检查员签名后，点击“确认并锁定”结束现场检查。锁定后，对检查记录的任何修改都必须填写修订原因，并会记入审计追踪。</source>
            <translation>By signing, the company representative acknowledges the defect list above. Once the company representative and at least one inspector have signed, click “Confirm and lock” to close the on-site inspection. After locking, every change to the record needs a revision reason and is kept in the audit trail.</translation>
        </message>
        <message>
            <location line="+13" />
            <location line="+170" />
            <source>确认并锁定</source>
            <translation>Confirm and lock</translation>
        </message>
        <message>
            <location line="-166" />
            <source>关闭</source>
            <translation>Close</translation>
        </message>
        <message>
            <location line="+16" />
            <source>{0} · 缺陷合计 {1} 项：{2}</source>
            <translation>{0} · {1} defects in total: {2}</translation>
        </message>
        <message>
            <location line="+17" />
            <source>序号</source>
            <translation>No.</translation>
        </message>
        <message>
            <location line="+0" />
            <source>等级</source>
            <translation>Grade</translation>
        </message>
        <message>
            <location line="+0" />
            <source>缺陷事实</source>
            <translation>Facts</translation>
        </message>
        <message>
            <location line="+0" />
            <source>条款</source>
            <translation>Clauses</translation>
        </message>
        <message>
            <location line="+26" />
            <source>现场检查尚未开始（状态：{0}）。末次会议签名在现场检查期间进行。</source>
            <translation>The on-site inspection has not started (status: {0}). Signatures are collected at the closing meeting, during the on-site inspection.</translation>
        </message>
        <message>
            <location line="+3" />
            <source>本检查已在末次会议上由企业确认并锁定（状态：{0}），不能再次签名。此后的修改需要填写修订原因，可在“审计追踪”中查看。</source>
            <translation>The company acknowledged this inspection at the closing meeting and it is locked (status: {0}); it cannot be signed again. Later changes need a revision reason and can be seen in the audit trail.</translation>
        </message>
        <message>
            <location line="+15" />
            <source>企业代表（确认缺陷清单）</source>
            <translation>Company representative (acknowledges the defect list)</translation>
        </message>
        <message>
            <location line="+6" />
            <source>检查员：{0}（{1}）</source>
            <translation>Inspector: {0} ({1})</translation>
        </message>
        <message>
            <location line="+59" />
            <source>企业代表</source>
            <translation>Company representative</translation>
        </message>
        <message>
            <location line="-23" />
            <source>签名</source>
            <translation>Signature</translation>
        </message>
        <message>
            <location line="+19" />
            <source>签名已齐，可以确认并锁定。</source>
            <translation>All signatures are in; you can confirm and lock.</translation>
        </message>
        <message>
            <location line="+6" />
            <source>至少一名检查员</source>
            <translation>at least one inspector</translation>
        </message>
        <message>
            <location line="+1" />
            <source>尚需签名：{0}</source>
            <translation>Still to sign: {0}</translation>
        </message>
        <message>
            <location line="+6" />
            <source>锁定</source>
            <translation>Lock</translation>
        </message>
        <message>
            <location line="+8" />
            <source>已锁定。此后的每项修改都需要填写修订原因，并记入审计追踪。</source>
            <translation>Locked. From now on every change needs a revision reason and is kept in the audit trail.</translation>
        </message>
        <message>
            <location line="+9" />
            <source>企业代表已确认缺陷清单。锁定后现场检查结束，之后的任何修改都需要填写修订原因并记入审计追踪。

现在锁定吗？</source>
            <translation>The company representative has acknowledged the defect list. Locking closes the on-site inspection; any later change needs a revision reason and is kept in the audit trail.

Lock now?</translation>
        </message>
        <message>
            <location line="+9" />
            <source>未保存：{0}</source>
            <translation>Not saved: {0}</translation>
        </message>
    </context>
    <context>
        <name>CompanyPage</name>
        <message>
            <location filename="../src/inspector_app/ui/wizard.py" line="-133" />
            <source>企业信息</source>
            <translation>Company</translation>
        </message>
        <message>
            <location line="+1" />
            <source>被检查企业的名称、检查地址和涉及的品种。</source>
            <translation>Name of the inspected company, the site address and the products concerned.</translation>
        </message>
        <message>
            <location line="+4" />
            <source>每行一个品种，例如：注射用头孢曲松钠</source>
            <translation>One product per line, e.g. Ceftriaxone sodium for injection</translation>
        </message>
        <message>
            <location line="+4" />
            <source>企业名称(&amp;C)*</source>
            <translation>&amp;Company name*</translation>
        </message>
        <message>
            <location line="+1" />
            <source>检查地址(&amp;A)</source>
            <translation>Site &amp;address</translation>
        </message>
        <message>
            <location line="+1" />
            <source>品种(&amp;P)</source>
            <translation>&amp;Products</translation>
        </message>
        <message>
            <location line="+10" />
            <source>请填写企业名称。</source>
            <translation>Please enter the company name.</translation>
        </message>
    </context>
    <context>
        <name>ConfirmPage</name>
        <message>
            <location line="+432" />
            <source>确认</source>
            <translation>Confirm</translation>
        </message>
        <message>
            <location line="+1" />
            <source>核对以下信息，点“完成”建立检查。</source>
            <translation>Check the details below and click “Finish” to create the inspection.</translation>
        </message>
        <message>
            <location line="+22" />
            <source>企业</source>
            <translation>Company</translation>
        </message>
        <message>
            <location line="+1" />
            <source>检查地址</source>
            <translation>Site address</translation>
        </message>
        <message>
            <location line="+1" />
            <source>品种</source>
            <translation>Products</translation>
        </message>
        <message>
            <location line="+1" />
            <source>检查类型</source>
            <translation>Inspection type</translation>
        </message>
        <message>
            <location line="+1" />
            <source>检查表</source>
            <translation>Checklist</translation>
        </message>
        <message>
            <location line="+1" />
            <source>范围</source>
            <translation>Scope</translation>
        </message>
        <message>
            <location line="+0" />
            <source>整个检查表</source>
            <translation>Whole checklist</translation>
        </message>
        <message>
            <location line="+1" />
            <source>适用标签</source>
            <translation>Applicability tags</translation>
        </message>
        <message>
            <location line="+1" />
            <source>范围内条目</source>
            <translation>Items in scope</translation>
        </message>
        <message>
            <location line="+1" />
            <source>检查组</source>
            <translation>Inspection team</translation>
        </message>
        <message>
            <location line="+1" />
            <source>计划日期</source>
            <translation>Planned dates</translation>
        </message>
        <message>
            <location line="+0" />
            <source>待定</source>
            <translation>To be decided</translation>
        </message>
        <message>
            <location line="+11" />
            <source>尚未签署声明（须在首次会议前签署）：{names}</source>
            <translation>Not declared yet (must declare before the opening meeting): {names}</translation>
        </message>
    </context>
    <context>
        <name>ConflictsDialog</name>
        <message>
            <location filename="../src/inspector_app/ui/sync_panel.py" line="+256" />
            <source>同步冲突</source>
            <translation>Sync conflicts</translation>
        </message>
        <message>
            <location line="+7" />
            <source>两台电脑同时修改了同一项内容时，较晚的修改生效；另一项保存在这里。需要时可以改用另一台电脑的值（作为一次新的修改，会同步给所有人）。</source>
            <translation>When two computers change the same field, the later change wins and the other value is kept here. If needed, use the other computer’s value instead (as a new change, synced to everyone).</translation>
        </message>
        <message>
            <location line="+11" />
            <source>改用另一台电脑的值</source>
            <translation>Use the other computer’s value</translation>
        </message>
        <message>
            <location line="+1" />
            <source>保留当前值</source>
            <translation>Keep the current value</translation>
        </message>
        <message>
            <location line="+57" />
            <source>处理同步冲突</source>
            <translation>Resolve sync conflict</translation>
        </message>
        <message>
            <location line="+4" />
            <source>无法处理冲突</source>
            <translation>Cannot resolve the conflict</translation>
        </message>
    </context>
    <context>
        <name>DatesPage</name>
        <message>
            <location filename="../src/inspector_app/ui/wizard.py" line="-87" />
            <source>日期</source>
            <translation>Dates</translation>
        </message>
        <message>
            <location line="+1" />
            <source>计划的现场检查日期；实际日期在开始和结束现场检查时记录。</source>
            <translation>Planned dates of the on-site inspection; the actual dates are recorded when it starts and ends.</translation>
        </message>
        <message>
            <location line="+6" />
            <source>日期待定</source>
            <translation>Dates not decided yet</translation>
        </message>
        <message>
            <location line="+3" />
            <source>计划开始(&amp;S)</source>
            <translation>Planned &amp;start</translation>
        </message>
        <message>
            <location line="+1" />
            <source>计划结束(&amp;E)</source>
            <translation>Planned &amp;end</translation>
        </message>
        <message>
            <location line="+20" />
            <source>计划结束日期早于开始日期。</source>
            <translation>The planned end is before the planned start.</translation>
        </message>
    </context>
    <context>
        <name>DefectEditor</name>
        <message>
            <location filename="../src/inspector_app/ui/defects/editor.py" line="+113" />
            <source>（不关联检查项）</source>
            <translation>(not tied to an item)</translation>
        </message>
        <message>
            <location line="+11" />
            <source>现场发现的事实：时间、地点、记录编号、具体情况</source>
            <translation>Facts found on site: when, where, record numbers, what exactly</translation>
        </message>
        <message>
            <location line="+13" />
            <source>添加条款</source>
            <translation>Add clause</translation>
        </message>
        <message>
            <location line="+2" />
            <source>移除条款</source>
            <translation>Remove clause</translation>
        </message>
        <message>
            <location line="+14" />
            <source>如：冻干车间灌装间</source>
            <translation>e.g. filling room, freeze-drying workshop</translation>
        </message>
        <message>
            <location line="+5" />
            <source>真实性问题（数据造假或其他不真实情况）</source>
            <translation>Authenticity problem (falsified data or other untrue information)</translation>
        </message>
        <message>
            <location line="+5" />
            <source>添加照片…</source>
            <translation>Add photos…</translation>
        </message>
        <message>
            <location line="+3" />
            <source>导入文件夹…</source>
            <translation>Import folder…</translation>
        </message>
        <message>
            <location line="+3" />
            <source>删除照片</source>
            <translation>Delete photo</translation>
        </message>
        <message>
            <location line="+8" />
            <source>可将照片从文件管理器直接拖到此处；双击照片编辑说明。</source>
            <translation>Drag photos here from the file manager; double-click a photo to edit its caption.</translation>
        </message>
        <message>
            <location line="+5" />
            <source>缺陷等级：</source>
            <translation>Grade:</translation>
        </message>
        <message>
            <location line="+1" />
            <source>关联检查项：</source>
            <translation>Checklist item:</translation>
        </message>
        <message>
            <location line="+1" />
            <source>缺陷事实（必填）：</source>
            <translation>Facts (required):</translation>
        </message>
        <message>
            <location line="+1" />
            <source>条款依据：</source>
            <translation>Clauses:</translation>
        </message>
        <message>
            <location line="+1" />
            <source>位置：</source>
            <translation>Location:</translation>
        </message>
        <message>
            <location line="+1" />
            <source>整改建议：</source>
            <translation>Suggested rectification:</translation>
        </message>
        <message>
            <location line="+11" />
            <source>保存缺陷</source>
            <translation>Save defect</translation>
        </message>
        <message>
            <location line="+4" />
            <location line="+102" />
            <source>取消</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <location line="-91" />
            <source>照片：</source>
            <translation>Photos:</translation>
        </message>
        <message>
            <location line="+89" />
            <location line="+140" />
            <source>新增缺陷</source>
            <translation>New defect</translation>
        </message>
        <message>
            <location line="-140" />
            <source>编辑缺陷</source>
            <translation>Edit defect</translation>
        </message>
        <message>
            <location line="+2" />
            <source>关闭</source>
            <translation>Close</translation>
        </message>
        <message>
            <location line="+3" />
            <source>填写事实后点击“保存缺陷”。</source>
            <translation>Enter the facts, then click “Save defect”.</translation>
        </message>
        <message>
            <location line="+2" />
            <source>修改随时自动保存，可撤销（Ctrl+Z）。</source>
            <translation>Changes save automatically and can be undone (Ctrl+Z).</translation>
        </message>
        <message>
            <location line="+36" />
            <source>第条</source>
            <translation>Article</translation>
        </message>
        <message>
            <location line="+38" />
            <source>缺陷事实不能为空；其他修改已保存。</source>
            <translation>The facts cannot be empty; the other changes are saved.</translation>
        </message>
        <message>
            <location line="+6" />
            <source>已保存。修改随时自动保存，可撤销（Ctrl+Z）。</source>
            <translation>Saved. Changes save automatically and can be undone (Ctrl+Z).</translation>
        </message>
        <message>
            <location line="+6" />
            <source>请先填写缺陷事实（必填）。</source>
            <translation>Please enter the facts first (required).</translation>
        </message>
        <message>
            <location line="+48" />
            <source>这条缺陷还没有保存。要保存吗？</source>
            <translation>This defect is not saved yet. Save it?</translation>
        </message>
        <message>
            <location line="+10" />
            <source>缺陷事实为空</source>
            <translation>Facts are empty</translation>
        </message>
        <message>
            <location line="+1" />
            <source>缺陷事实不能为空。恢复为已保存的描述并关闭，还是继续编辑？</source>
            <translation>The facts cannot be empty. Restore the saved text and close, or keep editing?</translation>
        </message>
        <message>
            <location line="+44" />
            <source>修订原因：{0}（本次编辑的修改都记录此原因）</source>
            <translation>Revision reason: {0} (recorded with every change made in this edit)</translation>
        </message>
        <message>
            <location line="+14" />
            <source>这条缺陷已被删除（或撤销了新增）。</source>
            <translation>This defect was deleted (or its creation was undone).</translation>
        </message>
        <message>
            <location line="+13" />
            <source>添加照片前请先填写缺陷事实，缺陷将随之保存。</source>
            <translation>Enter the facts before adding photos; the defect is saved with them.</translation>
        </message>
    </context>
    <context>
        <name>DefectPanel</name>
        <message>
            <location filename="../src/inspector_app/ui/defects/panel.py" line="+71" />
            <source>等级</source>
            <translation>Grade</translation>
        </message>
        <message>
            <location line="+0" />
            <source>缺陷事实</source>
            <translation>Facts</translation>
        </message>
        <message>
            <location line="+0" />
            <source>条款</source>
            <translation>Clauses</translation>
        </message>
        <message>
            <location line="+0" />
            <source>照片</source>
            <translation>Photos</translation>
        </message>
        <message>
            <location line="+14" />
            <source>新增</source>
            <translation>New</translation>
        </message>
        <message>
            <location line="+2" />
            <source>新增缺陷</source>
            <translation>New defect</translation>
        </message>
        <message>
            <location line="+1" />
            <source>编辑</source>
            <translation>Edit</translation>
        </message>
        <message>
            <location line="+2" />
            <source>删除</source>
            <translation>Delete</translation>
        </message>
        <message>
            <location line="+51" />
            <source>【真实性问题】</source>
            <translation>[Authenticity problem]</translation>
        </message>
        <message>
            <location line="+21" />
            <source>全部缺陷（{0}）</source>
            <translation>All defects ({0})</translation>
        </message>
        <message>
            <location line="+2" />
            <source>未关联检查项的缺陷（{0}）</source>
            <translation>Defects not tied to an item ({0})</translation>
        </message>
        <message>
            <location line="+2" />
            <source>本项缺陷（{0}）</source>
            <translation>Defects of this item ({0})</translation>
        </message>
        <message>
            <location line="+62" />
            <source>删除缺陷</source>
            <translation>Delete defect</translation>
        </message>
        <message>
            <location line="+1" />
            <source>删除这条{0}？

{1}

其照片一并删除；可用“撤销”（Ctrl+Z）恢复。</source>
            <translation>Delete this {0}?

{1}

Its photos are deleted with it; “Undo” (Ctrl+Z) brings it back.</translation>
        </message>
    </context>
    <context>
        <name>InspectionsModel</name>
        <message>
            <location filename="../src/inspector_app/ui/inspections_model.py" line="+28" />
            <source>状态</source>
            <translation>Status</translation>
        </message>
        <message>
            <location line="+1" />
            <source>企业</source>
            <translation>Company</translation>
        </message>
        <message>
            <location line="+1" />
            <source>检查类型</source>
            <translation>Inspection type</translation>
        </message>
        <message>
            <location line="+1" />
            <source>检查日期</source>
            <translation>Dates</translation>
        </message>
        <message>
            <location line="+1" />
            <source>严重</source>
            <translation>Critical</translation>
        </message>
        <message>
            <location line="+1" />
            <source>主要</source>
            <translation>Major</translation>
        </message>
        <message>
            <location line="+1" />
            <source>一般</source>
            <translation>General</translation>
        </message>
        <message>
            <location line="+1" />
            <source>同步</source>
            <translation>Sync</translation>
        </message>
        <message>
            <location line="+16" />
            <source>进行中</source>
            <translation>ongoing</translation>
        </message>
        <message>
            <location line="+3" />
            <source>计划 {start} — {end}</source>
            <translation>planned {start} — {end}</translation>
        </message>
        <message>
            <location line="+3" />
            <source>计划 {start}</source>
            <translation>planned {start}</translation>
        </message>
        <message>
            <location line="+6" />
            <source>未同步 {n} 项更改</source>
            <translation>{n} changes not synced</translation>
        </message>
        <message>
            <location line="+1" />
            <source>已同步</source>
            <translation>Synced</translation>
        </message>
        <message>
            <location line="+41" />
            <source>{grade}缺陷数</source>
            <translation>{grade} defects</translation>
        </message>
        <message>
            <location line="+16" />
            <source>已归档</source>
            <translation>Archived</translation>
        </message>
        <message>
            <location line="+20" />
            <source>{status}（已归档）</source>
            <translation>{status} (archived)</translation>
        </message>
    </context>
    <context>
        <name>ItemPane</name>
        <message>
            <location filename="../src/inspector_app/ui/workspace/item_pane.py" line="+89" />
            <source>符合</source>
            <translation>Conforming</translation>
        </message>
        <message>
            <location line="+1" />
            <source>不符合</source>
            <translation>Non-conforming</translation>
        </message>
        <message>
            <location line="+1" />
            <source>不适用</source>
            <translation>Not applicable</translation>
        </message>
        <message>
            <location line="+1" />
            <source>未检查</source>
            <translation>Not checked</translation>
        </message>
        <message>
            <location line="+18" />
            <source>检查要点</source>
            <translation>What to check</translation>
        </message>
        <message>
            <location line="+1" />
            <source>查阅资料</source>
            <translation>Records to see</translation>
        </message>
        <message>
            <location line="+8" />
            <source>要求</source>
            <translation>Requirement</translation>
        </message>
        <message>
            <location line="+6" />
            <source>条款依据</source>
            <translation>Clause references</translation>
        </message>
        <message>
            <location line="+12" />
            <source>结果：</source>
            <translation>Result:</translation>
        </message>
        <message>
            <location line="+23" />
            <source>检查记录（自动保存）</source>
            <translation>Notes (saved automatically)</translation>
        </message>
        <message>
            <location line="+44" />
            <source>请在左侧选择检查项</source>
            <translation>Choose an item on the left</translation>
        </message>
        <message>
            <location line="+7" />
            <source>（关键项目）</source>
            <translation>(key item)</translation>
        </message>
        <message>
            <location line="+14" />
            <source>申报{0}{1}</source>
            <translation>Declared {0}{1}</translation>
        </message>
        <message>
            <location line="+1" />
            <source>现场{0}{1}</source>
            <translation>Observed {0}{1}</translation>
        </message>
        <message>
            <location line="+20" />
            <source>不适用理由：{0}</source>
            <translation>Reason not applicable: {0}</translation>
        </message>
        <message>
            <location line="+92" />
            <source>不适用理由</source>
            <translation>Reason not applicable</translation>
        </message>
        <message>
            <location line="+1" />
            <source>{0} 不适用的理由（必填）：</source>
            <translation>Why {0} is not applicable (required):</translation>
        </message>
    </context>
    <context>
        <name>Labels</name>
        <message>
            <location filename="../src/inspector_app/ui/i18n.py" line="+168" />
            <source>GMP符合性检查预检查</source>
            <translation>GMP compliance pre-inspection</translation>
        </message>
        <message>
            <location line="+1" />
            <source>注册核查预检查</source>
            <translation>Registration verification pre-inspection</translation>
        </message>
        <message>
            <location line="+1" />
            <source>许可检查预检查</source>
            <translation>Licence pre-inspection</translation>
        </message>
        <message>
            <location line="+1" />
            <source>草稿</source>
            <translation>Draft</translation>
        </message>
        <message>
            <location line="+1" />
            <source>现场检查中</source>
            <translation>On site</translation>
        </message>
        <message>
            <location line="+1" />
            <source>现场检查结束</source>
            <translation>On-site closed</translation>
        </message>
        <message>
            <location line="+1" />
            <source>报告已出具</source>
            <translation>Report issued</translation>
        </message>
        <message>
            <location line="+1" />
            <source>符合</source>
            <translation>Conforming</translation>
        </message>
        <message>
            <location line="+1" />
            <source>不符合</source>
            <translation>Non-conforming</translation>
        </message>
        <message>
            <location line="+1" />
            <source>不适用</source>
            <translation>Not applicable</translation>
        </message>
        <message>
            <location line="+1" />
            <source>未检查</source>
            <translation>Not checked</translation>
        </message>
        <message>
            <location line="+1" />
            <source>严重缺陷</source>
            <translation>Critical defect</translation>
        </message>
        <message>
            <location line="+1" />
            <source>主要缺陷</source>
            <translation>Major defect</translation>
        </message>
        <message>
            <location line="+1" />
            <source>一般缺陷</source>
            <translation>General defect</translation>
        </message>
        <message>
            <location line="+1" />
            <source>组长</source>
            <translation>Team lead</translation>
        </message>
        <message>
            <location line="+1" />
            <source>组员</source>
            <translation>Member</translation>
        </message>
        <message>
            <location line="+1" />
            <source>外部专家</source>
            <translation>External expert</translation>
        </message>
        <message>
            <location line="+1" />
            <source>检查组</source>
            <translation>Inspection team</translation>
        </message>
        <message>
            <location line="+1" />
            <source>企业代表</source>
            <translation>Company representative</translation>
        </message>
        <message>
            <location line="+1" />
            <source>已批注</source>
            <translation>Commented</translation>
        </message>
        <message>
            <location line="+1" />
            <source>退回修改</source>
            <translation>Returned for changes</translation>
        </message>
        <message>
            <location line="+1" />
            <source>已调整</source>
            <translation>Adjusted</translation>
        </message>
        <message>
            <location line="+1" />
            <source>审核通过</source>
            <translation>Accepted</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <location filename="../src/inspector_app/ui/main_window.py" line="+203" />
            <source>预检查工作台</source>
            <translation>Pre-inspection workbench</translation>
        </message>
        <message>
            <location line="+1" />
            <source>文件(&amp;F)</source>
            <translation>&amp;File</translation>
        </message>
        <message>
            <location line="+1" />
            <source>视图(&amp;V)</source>
            <translation>&amp;View</translation>
        </message>
        <message>
            <location line="+1" />
            <source>语言(&amp;L)</source>
            <translation>&amp;Language</translation>
        </message>
        <message>
            <location line="+1" />
            <source>帮助(&amp;H)</source>
            <translation>&amp;Help</translation>
        </message>
        <message>
            <location line="+1" />
            <source>工具栏</source>
            <translation>Toolbar</translation>
        </message>
        <message>
            <location line="+1" />
            <source>新建检查(&amp;N)…</source>
            <translation>&amp;New inspection…</translation>
        </message>
        <message>
            <location line="+1" />
            <source>打开(&amp;O)</source>
            <translation>&amp;Open</translation>
        </message>
        <message>
            <location line="+1" />
            <source>复制为模板(&amp;T)…</source>
            <translation>Duplicate as &amp;template…</translation>
        </message>
        <message>
            <location line="+1" />
            <source>刷新(&amp;R)</source>
            <translation>&amp;Refresh</translation>
        </message>
        <message>
            <location line="+1" />
            <source>显示已归档(&amp;A)</source>
            <translation>Show &amp;archived</translation>
        </message>
        <message>
            <location line="+1" />
            <source>退出(&amp;Q)</source>
            <translation>&amp;Quit</translation>
        </message>
        <message>
            <location line="+1" />
            <source>关于(&amp;B)</source>
            <translation>&amp;About</translation>
        </message>
        <message>
            <location line="+2" />
            <source>新建检查</source>
            <translation>New inspection</translation>
        </message>
        <message>
            <location line="+1" />
            <source>打开</source>
            <translation>Open</translation>
        </message>
        <message>
            <location line="+2" />
            <source>刷新</source>
            <translation>Refresh</translation>
        </message>
        <message>
            <location line="+1" />
            <source>新建检查：企业、检查表、范围、检查组和日期</source>
            <translation>New inspection: company, checklist, scope, team and dates</translation>
        </message>
        <message>
            <location line="+1" />
            <source>这台电脑上还没有检查。
按 Ctrl+N 新建检查。</source>
            <translation>There are no inspections on this computer yet.
Press Ctrl+N to create one.</translation>
        </message>
        <message>
            <location line="+30" />
            <source>共 {n} 项检查</source>
            <translation>{n} inspections</translation>
        </message>
        <message>
            <location line="+2" />
            <source>数据目录：{path}</source>
            <translation>Data folder: {path}</translation>
        </message>
        <message>
            <location line="+29" />
            <source>取消归档(&amp;U)</source>
            <translation>&amp;Unarchive</translation>
        </message>
        <message>
            <location line="+0" />
            <source>归档(&amp;A)</source>
            <translation>&amp;Archive</translation>
        </message>
        <message>
            <location line="+1" />
            <source>取消归档</source>
            <translation>Unarchive</translation>
        </message>
        <message>
            <location line="+0" />
            <source>归档</source>
            <translation>Archive</translation>
        </message>
        <message>
            <location line="+53" />
            <source>检查工作区暂不可用。</source>
            <translation>The inspection workspace is not available yet.</translation>
        </message>
        <message>
            <location line="+5" />
            <source>无法打开检查</source>
            <translation>Cannot open the inspection</translation>
        </message>
        <message>
            <location line="-123" />
            <location line="+143" />
            <source>复制为模板</source>
            <translation>Duplicate as template</translation>
        </message>
        <message>
            <location line="+3" />
            <source>以“{company}”的检查类型、检查表、范围和检查组新建一项检查。
新企业名称：</source>
            <translation>Create an inspection with the type, checklist, scope and team of “{company}”.
New company name:</translation>
        </message>
        <message>
            <location line="+3" />
            <source>新建</source>
            <translation>Create</translation>
        </message>
        <message>
            <location line="+1" />
            <source>取消</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <location line="+8" />
            <source>无法复制为模板</source>
            <translation>Cannot duplicate as template</translation>
        </message>
        <message>
            <location line="+5" />
            <source>已新建“{company}”的检查；检查组成员须重新签署声明。</source>
            <translation>Created the inspection of “{company}”; team members must declare again.</translation>
        </message>
        <message>
            <location line="+18" />
            <source>“{company}”已锁定；请说明归档的原因。</source>
            <translation>“{company}” is locked; please give the reason for archiving it.</translation>
        </message>
        <message>
            <location line="+7" />
            <source>无法归档</source>
            <translation>Cannot archive</translation>
        </message>
        <message>
            <location line="+5" />
            <source>已归档“{company}”；在“视图 › 显示已归档”中可以找回。</source>
            <translation>Archived “{company}”; find it again with View › Show archived.</translation>
        </message>
        <message>
            <location line="+18" />
            <source>没有可用的 {language} 翻译，界面保持中文。</source>
            <translation>No {language} translation is available; the interface stays in Chinese.</translation>
        </message>
        <message>
            <location line="+10" />
            <source>关于</source>
            <translation>About</translation>
        </message>
        <message>
            <location line="+1" />
            <source>预检查工作台 inspector_app {version}
数据目录：{path}</source>
            <translation>Pre-inspection workbench inspector_app {version}
Data folder: {path}</translation>
        </message>
    </context>
    <context>
        <name>NewInspectionWizard</name>
        <message>
            <location filename="../src/inspector_app/ui/wizard.py" line="+83" />
            <source>新建检查</source>
            <translation>New inspection</translation>
        </message>
        <message>
            <location line="+3" />
            <source>&lt; 上一步(&amp;B)</source>
            <translation>&lt; &amp;Back</translation>
        </message>
        <message>
            <location line="+1" />
            <source>下一步(&amp;N) &gt;</source>
            <translation>&amp;Next &gt;</translation>
        </message>
        <message>
            <location line="+1" />
            <source>完成(&amp;F)</source>
            <translation>&amp;Finish</translation>
        </message>
        <message>
            <location line="+1" />
            <source>取消</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <location line="+41" />
            <source>未能建立检查：{error}</source>
            <translation>The inspection was not created: {error}</translation>
        </message>
    </context>
    <context>
        <name>Photos</name>
        <message>
            <location filename="../src/inspector_app/ui/defects/photos.py" line="+55" />
            <source>照片待同步</source>
            <translation>Photo not synced yet</translation>
        </message>
        <message>
            <location line="+87" />
            <source>双击照片可编辑说明；可从文件管理器拖入照片</source>
            <translation>Double-click a photo to edit its caption; drag photos in from the file manager</translation>
        </message>
        <message>
            <location line="+114" />
            <source>修改照片说明</source>
            <translation>Edit photo caption</translation>
        </message>
        <message>
            <location line="+7" />
            <source>删除照片</source>
            <translation>Delete photo</translation>
        </message>
        <message>
            <location line="+34" />
            <source>正在导入照片…</source>
            <translation>Importing photos…</translation>
        </message>
        <message>
            <location line="+1" />
            <source>取消</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <location line="+6" />
            <location line="+83" />
            <location line="+13" />
            <source>导入照片</source>
            <translation>Import photos</translation>
        </message>
        <message>
            <location line="-61" />
            <source>正在导入照片 {0}/{1}：{2}</source>
            <translation>Importing photo {0}/{1}: {2}</translation>
        </message>
        <message>
            <location line="+29" />
            <source>导入中断：{0}</source>
            <translation>Import interrupted: {0}</translation>
        </message>
        <message>
            <location line="+3" />
            <source>已取消导入；已导入的 {0} 张照片均完整保存。</source>
            <translation>Import cancelled; the {0} photos imported so far are saved complete.</translation>
        </message>
        <message>
            <location line="+6" />
            <source>已导入 {0} 张，以下 {1} 个文件未导入：</source>
            <translation>Imported {0}; these {1} files were not imported:</translation>
        </message>
        <message>
            <location line="+39" />
            <source>已取消：锁定后的修改需要填写修订原因。</source>
            <translation>Cancelled: a change to a locked record needs a revision reason.</translation>
        </message>
        <message>
            <location line="+15" />
            <source>添加照片</source>
            <translation>Add photos</translation>
        </message>
        <message>
            <location line="+11" />
            <source>选择照片文件夹（如相机存储卡）</source>
            <translation>Choose a photo folder (e.g. the camera's memory card)</translation>
        </message>
        <message>
            <location line="+8" />
            <source>选择照片</source>
            <translation>Choose photos</translation>
        </message>
        <message>
            <location line="+2" />
            <source>照片 ({0})</source>
            <translation>Photos ({0})</translation>
        </message>
        <message>
            <location line="+19" />
            <source>该文件夹中没有照片文件。</source>
            <translation>This folder has no photo files.</translation>
        </message>
    </context>
    <context>
        <name>RevisionReasonDialog</name>
        <message>
            <location filename="../src/inspector_app/ui/revision_reason.py" line="+24" />
            <source>填写修订原因</source>
            <translation>Revision reason</translation>
        </message>
        <message>
            <location line="+3" />
            <source>企业已在末次会议上确认缺陷清单，本检查记录已锁定。锁定后的每一项修改都需要写明原因，原因将与修改一起记入审计追踪。</source>
            <translation>The company acknowledged the defect list at the closing meeting, so this record is locked. Every change after locking needs a reason, which is kept in the audit trail together with the change.</translation>
        </message>
        <message>
            <location line="+5" />
            <source>要进行的修改：{0}</source>
            <translation>Change to make: {0}</translation>
        </message>
        <message>
            <location line="+5" />
            <source>例如：企业补充提交了校准证书，经复核后修改</source>
            <translation>e.g. the company later submitted the calibration certificate; changed after review</translation>
        </message>
        <message>
            <location line="+6" />
            <source>确认修改</source>
            <translation>Make the change</translation>
        </message>
        <message>
            <location line="+1" />
            <source>取消修改</source>
            <translation>Cancel the change</translation>
        </message>
        <message>
            <location line="+7" />
            <source>修订原因（必填）：</source>
            <translation>Revision reason (required):</translation>
        </message>
    </context>
    <context>
        <name>ScopePage</name>
        <message>
            <location filename="../src/inspector_app/ui/wizard.py" line="-423" />
            <source>检查范围</source>
            <translation>Scope</translation>
        </message>
        <message>
            <location line="+2" />
            <source>勾选要检查的章节（都不勾选即为整个检查表），以及适用的产品类别。</source>
            <translation>Tick the sections to inspect (none ticked means the whole checklist) and the product categories that apply.</translation>
        </message>
        <message>
            <location line="+3" />
            <source>章节</source>
            <translation>Section</translation>
        </message>
        <message>
            <location line="+0" />
            <source>条目数</source>
            <translation>Items</translation>
        </message>
        <message>
            <location line="+3" />
            <source>适用范围标签</source>
            <translation>Applicability tags</translation>
        </message>
        <message>
            <location line="+28" />
            <source>勾选后检查带“{label}”标签的条目</source>
            <translation>Ticked: items tagged “{label}” are inspected</translation>
        </message>
        <message>
            <location line="+60" />
            <source>（整个检查表）</source>
            <translation> (whole checklist)</translation>
        </message>
        <message>
            <location line="+2" />
            <source>范围内条目：{n} / {total}{whole}</source>
            <translation>Items in scope: {n} / {total}{whole}</translation>
        </message>
    </context>
    <context>
        <name>SignaturePad</name>
        <message>
            <location filename="../src/inspector_app/ui/closing.py" line="-425" />
            <source>在此处用鼠标或手写笔签名</source>
            <translation>Sign here with the mouse or a pen</translation>
        </message>
        <message>
            <location line="+118" />
            <source>请在此签名</source>
            <translation>Please sign here</translation>
        </message>
    </context>
    <context>
        <name>SummaryWidget</name>
        <message>
            <location filename="../src/inspector_app/ui/workspace/summary.py" line="+43" />
            <source>修改最终结论</source>
            <translation>Change the final conclusion</translation>
        </message>
        <message>
            <location line="+78" />
            <source>建议结论</source>
            <translation>Suggested conclusion</translation>
        </message>
        <message>
            <location line="+13" />
            <source>章节</source>
            <translation>Section</translation>
        </message>
        <message>
            <location line="+1" />
            <source>已查</source>
            <translation>Checked</translation>
        </message>
        <message>
            <location line="+1" />
            <source>不符合</source>
            <translation>Non-conforming</translation>
        </message>
        <message>
            <location line="+13" />
            <source>检查情况</source>
            <translation>Findings</translation>
        </message>
        <message>
            <location line="+12" />
            <source>修订结论的理由（必填）</source>
            <translation>Reason for changing the conclusion (required)</translation>
        </message>
        <message>
            <location line="+2" />
            <source>保存最终结论</source>
            <translation>Save the final conclusion</translation>
        </message>
        <message>
            <location line="+5" />
            <source>最终结论</source>
            <translation>Final conclusion</translation>
        </message>
        <message>
            <location line="+3" />
            <source>结论：</source>
            <translation>Conclusion:</translation>
        </message>
        <message>
            <location line="+1" />
            <source>理由：</source>
            <translation>Reasons:</translation>
        </message>
        <message>
            <location line="+10" />
            <source>中心审核意见</source>
            <translation>Center review</translation>
        </message>
        <message>
            <location line="+28" />
            <source>依据：{0}（{1}）</source>
            <translation>Basis: {0} ({1})</translation>
        </message>
        <message>
            <location line="+12" />
            <source>缺陷{0}</source>
            <translation>Defect {0}</translation>
        </message>
        <message>
            <location line="+2" />
            <source>整体</source>
            <translation>Whole inspection</translation>
        </message>
        <message>
            <location line="+5" />
            <source>
  等级调整为{0}，理由：{1}</source>
            <translation>
  Grade adjusted to {0}; reason: {1}</translation>
        </message>
        <message>
            <location line="+15" />
            <source>已查 {0}/{1} 项，不符合 {2} 项；缺陷共 {3} 项：{4}</source>
            <translation>{0}/{1} items checked, {2} non-conforming; {3} defects: {4}</translation>
        </message>
        <message>
            <location line="+26" />
            <source>未关联检查项的缺陷</source>
            <translation>Defects not tied to an item</translation>
        </message>
        <message>
            <location line="+17" />
            <source>当前最终结论：{0}（检查组修订，理由：{1}）</source>
            <translation>Final conclusion: {0} (changed by the team, reason: {1})</translation>
        </message>
        <message>
            <location line="+5" />
            <source>当前最终结论：{0}（采用建议结论）</source>
            <translation>Final conclusion: {0} (the suggested conclusion)</translation>
        </message>
        <message>
            <location line="+3" />
            <source>采用建议结论（{0}）</source>
            <translation>Use the suggested conclusion ({0})</translation>
        </message>
        <message>
            <location line="+16" />
            <source>修订结论必须填写理由。</source>
            <translation>Changing the conclusion needs a reason.</translation>
        </message>
        <message>
            <location line="+4" />
            <source>未保存。</source>
            <translation>Not saved.</translation>
        </message>
    </context>
    <context>
        <name>SyncController</name>
        <message>
            <location filename="../src/inspector_app/ui/sync_panel.py" line="-177" />
            <source>立即同步</source>
            <translation>Sync now</translation>
        </message>
        <message>
            <location line="+2" />
            <source>同步冲突…</source>
            <translation>Sync conflicts…</translation>
        </message>
    </context>
    <context>
        <name>SyncStatusWidget</name>
        <message>
            <location line="-79" />
            <source>取消</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <location line="+3" />
            <source>同步</source>
            <translation>Sync</translation>
        </message>
        <message>
            <location line="+15" />
            <source>未登记同步服务器</source>
            <translation>No sync server enrolled</translation>
        </message>
        <message>
            <location line="+2" />
            <source>从未同步</source>
            <translation>Never synced</translation>
        </message>
        <message>
            <location line="+3" />
            <source>上次同步 {t}</source>
            <translation>Last synced {t}</translation>
        </message>
        <message>
            <location line="+1" />
            <source>{when}；待同步 {n} 项</source>
            <translation>{when}; {n} changes to sync</translation>
        </message>
        <message>
            <location line="+2" />
            <source>；待上传照片 {n}</source>
            <translation>; {n} photos to upload</translation>
        </message>
        <message>
            <location line="+2" />
            <source>；照片待下载 {n}</source>
            <translation>; {n} photos to download</translation>
        </message>
        <message>
            <location line="+2" />
            <source>；冲突 {n}</source>
            <translation>; {n} conflicts</translation>
        </message>
    </context>
    <context>
        <name>TeamPage</name>
        <message>
            <location filename="../src/inspector_app/ui/wizard.py" line="+26" />
            <source>检查组</source>
            <translation>Inspection team</translation>
        </message>
        <message>
            <location line="+1" />
            <source>一名组长；外部专家须在建立检查前签署保密及无利益冲突声明。</source>
            <translation>One team lead; external experts must sign the confidentiality and no-conflict declaration before the inspection is created.</translation>
        </message>
        <message>
            <location line="+8" />
            <source>已签署保密及无利益冲突声明</source>
            <translation>Signed the confidentiality and no-conflict declaration</translation>
        </message>
        <message>
            <location line="+2" />
            <source>添加成员(&amp;D)</source>
            <translation>A&amp;dd member</translation>
        </message>
        <message>
            <location line="+1" />
            <source>删除所选成员</source>
            <translation>Remove selected member</translation>
        </message>
        <message>
            <location line="+3" />
            <source>姓名</source>
            <translation>Name</translation>
        </message>
        <message>
            <location line="+0" />
            <source>角色</source>
            <translation>Role</translation>
        </message>
        <message>
            <location line="+0" />
            <source>单位</source>
            <translation>Organisation</translation>
        </message>
        <message>
            <location line="+0" />
            <source>保密及无利益冲突声明</source>
            <translation>Confidentiality and no-conflict declaration</translation>
        </message>
        <message>
            <location line="+12" />
            <source>姓名(&amp;N)</source>
            <translation>&amp;Name</translation>
        </message>
        <message>
            <location line="+1" />
            <source>角色(&amp;R)</source>
            <translation>&amp;Role</translation>
        </message>
        <message>
            <location line="+1" />
            <source>单位(&amp;O)</source>
            <translation>&amp;Organisation</translation>
        </message>
        <message>
            <location line="+18" />
            <source>请填写成员姓名。</source>
            <translation>Please enter the member’s name.</translation>
        </message>
        <message>
            <location line="+42" />
            <source>未签署</source>
            <translation>Not signed</translation>
        </message>
        <message>
            <location line="+2" />
            <source>已签署 {time}</source>
            <translation>Signed {time}</translation>
        </message>
        <message>
            <location line="+20" />
            <source>姓名栏中还有未添加的成员：请点“添加成员”，或清空姓名栏。</source>
            <translation>The name field holds a member not added yet: click “Add member”, or clear the field.</translation>
        </message>
        <message>
            <location line="+3" />
            <source>请指定一名组长。</source>
            <translation>Please name one team lead.</translation>
        </message>
        <message>
            <location line="+2" />
            <source>检查组只能有一名组长（现有 {n} 名）。</source>
            <translation>A team has exactly one lead (there are {n}).</translation>
        </message>
        <message>
            <location line="+5" />
            <source>外部专家须先签署保密及无利益冲突声明：{names}</source>
            <translation>External experts must sign the confidentiality and no-conflict declaration first: {names}</translation>
        </message>
    </context>
    <context>
        <name>WorkspaceWindow</name>
        <message>
            <location filename="../src/inspector_app/ui/workspace/window.py" line="+110" />
            <source>搜索编号、要求、检查要点（Ctrl+F）</source>
            <translation>Search code, requirement, what to check (Ctrl+F)</translation>
        </message>
        <message>
            <location line="+4" />
            <source>仅未检查</source>
            <translation>Unanswered only</translation>
        </message>
        <message>
            <location line="+3" />
            <source>仅不符合</source>
            <translation>Non-conforming only</translation>
        </message>
        <message>
            <location line="+3" />
            <source>仅关键项目</source>
            <translation>Key items only</translation>
        </message>
        <message>
            <location line="+43" />
            <source>显示本次检查的全部缺陷</source>
            <translation>Show all defects of this inspection</translation>
        </message>
        <message>
            <location line="+20" />
            <source>检查项</source>
            <translation>Items</translation>
        </message>
        <message>
            <location line="+1" />
            <location line="+114" />
            <source>汇总与结论</source>
            <translation>Summary and conclusion</translation>
        </message>
        <message>
            <location line="-105" />
            <source>所有更改自动保存</source>
            <translation>Every change is saved automatically</translation>
        </message>
        <message>
            <location line="+35" />
            <source>编辑(&amp;E)</source>
            <translation>&amp;Edit</translation>
        </message>
        <message>
            <location line="+1" />
            <source>撤销</source>
            <translation>Undo</translation>
        </message>
        <message>
            <location line="+3" />
            <source>重做</source>
            <translation>Redo</translation>
        </message>
        <message>
            <location line="+12" />
            <source>检查项(&amp;I)</source>
            <translation>&amp;Item</translation>
        </message>
        <message>
            <location line="+2" />
            <source>上一项</source>
            <translation>Previous item</translation>
        </message>
        <message>
            <location line="+3" />
            <source>下一项</source>
            <translation>Next item</translation>
        </message>
        <message>
            <location line="+3" />
            <source>下一个未检查项</source>
            <translation>Next unanswered item</translation>
        </message>
        <message>
            <location line="+6" />
            <source>符合</source>
            <translation>Conforming</translation>
        </message>
        <message>
            <location line="+1" />
            <source>不符合</source>
            <translation>Non-conforming</translation>
        </message>
        <message>
            <location line="+1" />
            <source>不适用…</source>
            <translation>Not applicable…</translation>
        </message>
        <message>
            <location line="+1" />
            <source>未检查</source>
            <translation>Not checked</translation>
        </message>
        <message>
            <location line="+9" />
            <source>查找</source>
            <translation>Find</translation>
        </message>
        <message>
            <location line="+3" />
            <source>筛选</source>
            <translation>Filter</translation>
        </message>
        <message>
            <location line="+6" />
            <source>清除筛选和搜索</source>
            <translation>Clear filters and search</translation>
        </message>
        <message>
            <location line="+3" />
            <source>缺陷(&amp;D)</source>
            <translation>&amp;Defects</translation>
        </message>
        <message>
            <location line="+2" />
            <source>新增缺陷…</source>
            <translation>New defect…</translation>
        </message>
        <message>
            <location line="+3" />
            <source>显示全部缺陷</source>
            <translation>Show all defects</translation>
        </message>
        <message>
            <location line="+3" />
            <source>导入照片文件夹…</source>
            <translation>Import photo folder…</translation>
        </message>
        <message>
            <location line="+6" />
            <source>检查(&amp;N)</source>
            <translation>I&amp;nspection</translation>
        </message>
        <message>
            <location line="+5" />
            <source>末次会议与签字…</source>
            <translation>Closing meeting and signatures…</translation>
        </message>
        <message>
            <location line="+2" />
            <source>审计记录…</source>
            <translation>Audit trail…</translation>
        </message>
        <message>
            <location line="+2" />
            <source>导出报告</source>
            <translation>Export report</translation>
        </message>
        <message>
            <location line="+1" />
            <source>缺陷项目清单…</source>
            <translation>Defect list…</translation>
        </message>
        <message>
            <location line="+0" />
            <source>预检查报告…</source>
            <translation>Pre-inspection report…</translation>
        </message>
        <message>
            <location line="+11" />
            <source>窗口(&amp;W)</source>
            <translation>&amp;Window</translation>
        </message>
        <message>
            <location line="+3" />
            <source>关闭</source>
            <translation>Close</translation>
        </message>
        <message>
            <location line="+31" />
            <source>后面没有未检查的项目了。</source>
            <translation>No unanswered items further on.</translation>
        </message>
        <message>
            <location line="+101" />
            <source>已保存 {0}</source>
            <translation>Saved {0}</translation>
        </message>
        <message>
            <location line="+5" />
            <source>未保存：{0}</source>
            <translation>Not saved: {0}</translation>
        </message>
        <message>
            <location line="+4" />
            <source>待同步 {0} 项更改</source>
            <translation>{0} changes waiting for sync</translation>
        </message>
        <message>
            <location line="+4" />
            <source>已查 {0}/{1}</source>
            <translation>Checked {0}/{1}</translation>
        </message>
        <message>
            <location line="+2" />
            <source>显示 {0} 项 · </source>
            <translation>Showing {0} · </translation>
        </message>
        <message>
            <location line="+8" />
            <source> — 已锁定</source>
            <translation> — locked</translation>
        </message>
        <message>
            <location line="+2" />
            <source>已锁定：修改需填写修订原因</source>
            <translation>Locked: changes need a revision reason</translation>
        </message>
    </context>
    <context>
        <name>_SignatureBox</name>
        <message>
            <location filename="../src/inspector_app/ui/closing.py" line="+41" />
            <source>企业代表姓名及职务</source>
            <translation>Company representative’s name and position</translation>
        </message>
        <message>
            <location line="+6" />
            <source>清除</source>
            <translation>Clear</translation>
        </message>
        <message>
            <location line="+2" />
            <source>签名确认</source>
            <translation>Sign</translation>
        </message>
        <message>
            <location line="+25" />
            <source>✔ {0} 已于 {1} 签名</source>
            <translation>✔ {0} signed at {1}</translation>
        </message>
        <message>
            <location line="+11" />
            <source>未签名</source>
            <translation>Not signed</translation>
        </message>
        <message>
            <location line="+0" />
            <source>请先填写姓名</source>
            <translation>Please enter the name first</translation>
        </message>
    </context>
</TS>