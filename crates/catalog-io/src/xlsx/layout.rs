//! The workbook layout: one sheet per list, each with a Chinese header row.
//! Child sheets (事项环节, 一件事成员, …) point at their parent by code.

/// One column of a sheet.
#[derive(Debug)]
pub(crate) struct Column {
    /// The header text in row 1.
    pub header: &'static str,
    /// The field path it fills, relative to the entry or list element;
    /// `@…` marks the parent-code columns of child sheets.
    pub field: &'static str,
    pub required: bool,
    /// Holds several values, one per line.
    pub list: bool,
}

/// One sheet.
#[derive(Debug)]
pub(crate) struct Sheet {
    pub name: &'static str,
    /// One line for the 填写说明 sheet.
    pub about: &'static str,
    pub columns: &'static [Column],
}

/// The sheet that explains the others; ignored on import.
pub(crate) const README: &str = "填写说明";

/// The parent-code column of child sheets.
pub(crate) const PARENT: &str = "@parent";
/// The question-code column of 问题选项.
pub(crate) const QUESTION: &str = "@question";

const fn req(header: &'static str, field: &'static str) -> Column {
    Column {
        header,
        field,
        required: true,
        list: false,
    }
}

const fn opt(header: &'static str, field: &'static str) -> Column {
    Column {
        header,
        field,
        required: false,
        list: false,
    }
}

const fn list(header: &'static str, field: &'static str) -> Column {
    Column {
        header,
        field,
        required: false,
        list: true,
    }
}

pub(crate) const REGIONS: Sheet = Sheet {
    name: "区划",
    about: "行政区划（GB/T 2260），一行一个",
    columns: &[
        req("区划代码", "code"),
        req("区划名称", "name"),
        opt("上级区划", "parent"),
    ],
};

pub(crate) const DEPARTMENTS: Sheet = Sheet {
    name: "部门",
    about: "实施机关，一行一个",
    columns: &[
        req("部门编码", "code"),
        req("部门名称", "name"),
        req("统一社会信用代码", "uscc"),
        req("所属区划", "region"),
    ],
};

pub(crate) const DATA_ELEMENTS: Sheet = Sheet {
    name: "数据元",
    about: "数据元目录，一行一个",
    columns: &[
        req("数据元编码", "code"),
        req("数据元名称", "name"),
        opt("数据类型", "kind"),
        opt("校验规则", "pattern"),
        list("可选值", "dictionary"),
    ],
};

pub(crate) const MATERIALS: Sheet = Sheet {
    name: "材料",
    about: "材料目录，一行一种材料",
    columns: &[
        req("材料编码", "code"),
        req("材料名称", "name"),
        req("材料来源", "source"),
    ],
};

pub(crate) const ITEMS: Sheet = Sheet {
    name: "事项",
    about: "政务服务事项，一行一个；环节、情形、材料、表单、收费见后续工作表",
    columns: &[
        req("事项编码", "code"),
        opt("实施编码", "implementation_code"),
        req("事项名称", "name"),
        req("事项类型", "kind"),
        req("实施部门", "department"),
        req("行政区划", "region"),
        req("层级", "level"),
        opt("主项编码", "parent"),
        list("设定依据", "legal_basis"),
        list("受理条件", "conditions"),
        req("办件类型", "handling"),
        req("法定办结时限", "statutory_limit"),
        req("承诺办结时限", "promised_limit"),
        req("到现场次数", "visits"),
        req("网办深度", "online_depth"),
        list("办理渠道", "channels"),
        opt("通办范围", "tongban_scope"),
        list("通办协作地区", "tongban_partners"),
        opt("改革方式", "reform_mode"),
        opt("告知承诺", "commitment_allowed"),
        opt("容缺受理", "gaps_allowed"),
        req("办理结果类型", "result"),
        opt("结果证照类型", "result.type_code"),
        req("办理结果名称", "result.name"),
        opt("办理地点", "location"),
        opt("秒批审查要点（JSON）", "auto_decision"),
        opt("部门协查（JSON）", "assists"),
        opt("示例数据", "illustrative"),
    ],
};

pub(crate) const ITEM_STEPS: Sheet = Sheet {
    name: "事项环节",
    about: "事项的办理环节，按办理顺序一行一个",
    columns: &[
        req("事项编码", PARENT),
        req("环节名称", "name"),
        req("环节时限", "limit"),
    ],
};

pub(crate) const ITEM_SITUATIONS: Sheet = Sheet {
    name: "事项情形",
    about: "事项的办理情形，一行一个",
    columns: &[
        req("事项编码", PARENT),
        req("情形编码", "code"),
        req("情形名称", "name"),
        opt("默认情形", "default"),
    ],
};

pub(crate) const ITEM_MATERIALS: Sheet = Sheet {
    name: "事项材料",
    about: "事项的申请材料，一行一份",
    columns: &[
        req("事项编码", PARENT),
        req("材料编码", "material"),
        req("材料形式", "form"),
        opt("必要性", "requirement"),
        list("适用情形", "situations"),
        opt("免提交方式", "exemption"),
        opt("免提交依据", "exemption.code"),
    ],
};

pub(crate) const ITEM_FIELDS: Sheet = Sheet {
    name: "事项表单",
    about: "事项的表单字段，一行一个，对应数据元",
    columns: &[
        req("事项编码", PARENT),
        req("字段名称", "label"),
        req("数据元编码", "element"),
        opt("必填", "required"),
    ],
};

pub(crate) const ITEM_FEES: Sheet = Sheet {
    name: "事项收费",
    about: "事项的收费项目，一行一项；不收费的事项不填",
    columns: &[
        req("事项编码", PARENT),
        req("收费项目", "name"),
        req("收费金额（元）", "amount_fen"),
        opt("收费依据", "basis"),
    ],
};

pub(crate) const BUNDLES: Sheet = Sheet {
    name: "一件事",
    about: "一件事，一行一个；成员、环节、引导见后续工作表",
    columns: &[
        req("一件事编码", "code"),
        req("一件事名称", "name"),
        req("主题类型", "theme"),
        opt("主题名称", "theme_name"),
        opt("简介", "description"),
        req("行政区划", "region"),
        req("牵头部门", "lead_department"),
        req("承诺办结时限", "promised_limit"),
        req("到现场次数", "visits"),
        opt("一业一证证照类型", "composite_licence.licence_type"),
        opt("一业一证名称", "composite_licence.name"),
        opt("示例数据", "illustrative"),
    ],
};

pub(crate) const BUNDLE_MEMBERS: Sheet = Sheet {
    name: "一件事成员",
    about: "一件事的成员事项，一行一个；前置事项办结后才开始本事项",
    columns: &[
        req("一件事编码", PARENT),
        req("事项编码", "item"),
        list("前置事项", "after"),
        opt("可选成员", "optional"),
    ],
};

pub(crate) const BUNDLE_STEPS: Sheet = Sheet {
    name: "一件事环节",
    about: "一件事自身的办理环节，按顺序一行一个",
    columns: &[
        req("一件事编码", PARENT),
        req("环节名称", "name"),
        req("环节时限", "limit"),
    ],
};

pub(crate) const QUESTIONS: Sheet = Sheet {
    name: "引导问题",
    about: "情形引导的问题，按提问顺序一行一个",
    columns: &[
        req("一件事编码", PARENT),
        req("问题编码", "code"),
        req("问题", "text"),
        req("问题类型", "kind"),
        opt("提问条件", "ask_if"),
    ],
};

pub(crate) const OPTIONS: Sheet = Sheet {
    name: "问题选项",
    about: "单选、多选问题的选项，一行一个",
    columns: &[
        req("一件事编码", PARENT),
        req("问题编码", QUESTION),
        req("选项值", "value"),
        req("选项文本", "label"),
    ],
};

pub(crate) const RULES: Sheet = Sheet {
    name: "引导规则",
    about: "情形引导的规则，按顺序一行一条；条件为CEL表达式",
    columns: &[
        req("一件事编码", PARENT),
        req("条件", "when"),
        list("纳入事项", "include"),
        list("排除事项", "exclude"),
        list("选定情形", "situations"),
    ],
};

pub(crate) const LICENCE_TYPES: Sheet = Sheet {
    name: "证照类型",
    about: "证照目录，一行一种证照类型；字段、有效期、核发/变更/注销事项等写在“定义（JSON）”列，结构同 YAML 的 licence_types 段",
    columns: &[
        req("证照类型编码", "code"),
        req("证照名称", "name"),
        req("发证部门", "issuer"),
        req("定义（JSON）", "definition"),
    ],
};

pub(crate) const PROOFS: Sheet = Sheet {
    name: "证明事项",
    about: "证明事项目录，一行一种证明；开具时限、使用范围、字段等写在“定义（JSON）”列，结构同 YAML 的 proofs 段",
    columns: &[
        req("证明编码", "code"),
        req("证明名称", "name"),
        req("开具单位", "issuer"),
        req("定义（JSON）", "definition"),
    ],
};

/// Every data sheet, in workbook order.
pub(crate) const ALL: [&Sheet; 18] = [
    &REGIONS,
    &DEPARTMENTS,
    &DATA_ELEMENTS,
    &MATERIALS,
    &ITEMS,
    &ITEM_STEPS,
    &ITEM_SITUATIONS,
    &ITEM_MATERIALS,
    &ITEM_FIELDS,
    &ITEM_FEES,
    &BUNDLES,
    &BUNDLE_MEMBERS,
    &BUNDLE_STEPS,
    &QUESTIONS,
    &OPTIONS,
    &RULES,
    &LICENCE_TYPES,
    &PROOFS,
];

/// The sheet with this name.
pub(crate) fn find(name: &str) -> Option<&'static Sheet> {
    ALL.into_iter().find(|s| s.name == name.trim())
}

impl Sheet {
    /// The header of the column filling `field` (the field itself if none).
    pub(crate) fn header(&self, field: &str) -> &'static str {
        self.columns
            .iter()
            .find(|c| c.field == field)
            .map_or("", |c| c.header)
    }
}
