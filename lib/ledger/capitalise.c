/*
 * The capitalisation engine: whether a cost item goes into the cost of its
 * asset (计入成本 / 资本化) or is expensed (费用化), and the rule that decided,
 * per 财会〔2023〕11号 and CAS 6 / CAS 1 (accounting.md, "What goes into cost").
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include "ledger_internal.h"

/* Capitalised or not, and the rule that decided, for bought-in or otherwise acquired intangibles. */
static const struct {
	int capitalised;
	const char *rule;
} purchased_intangible[] = {
	{ 0, "" },
	{ 1, "外购 购买价款 → 计入成本" },
	{ 1, "外购 相关税费 → 计入成本" },
	{ 0, "外购 采集 is not a cost of a bought-in intangible → 费用化" },
	{ 1, "外购 脱敏 → 计入成本" },
	{ 1, "外购 清洗 → 计入成本" },
	{ 1, "外购 标注 → 计入成本" },
	{ 1, "外购 整合 → 计入成本" },
	{ 1, "外购 分析 → 计入成本" },
	{ 1, "外购 可视化 → 计入成本" },
	{ 1, "外购 数据权属鉴证费 → 计入成本" },
	{ 1, "外购 质量评估费 → 计入成本" },
	{ 1, "外购 登记结算费 → 计入成本" },
	{ 1, "外购 安全管理费 → 计入成本" },
	{ 0, "外购 保险费 is not a cost of a bought-in intangible → 费用化" },
	{ 0, "外购数据处理服务 that creates no intangible asset → 费用化" },
	{ 0, "研发支出 of a bought-in intangible → 费用化" },
	{ 1, "直接归属于使其达到预定用途的其他支出 → 计入成本" },
};

static const struct {
	int capitalised;
	const char *rule;
} inventory_rules[] = {
	{ 0, "" },
	{ 1, "存货 购买价款 → 计入成本" },
	{ 1, "存货 相关税费 → 计入成本" },
	{ 1, "存货 采集 (加工成本) → 计入成本" },
	{ 1, "存货 脱敏 (加工成本) → 计入成本" },
	{ 1, "存货 清洗 (加工成本) → 计入成本" },
	{ 1, "存货 标注 (加工成本) → 计入成本" },
	{ 1, "存货 整合 (加工成本) → 计入成本" },
	{ 1, "存货 分析 (加工成本) → 计入成本" },
	{ 1, "存货 可视化 (加工成本) → 计入成本" },
	{ 1, "存货 数据权属鉴证费 → 计入成本" },
	{ 1, "存货 质量评估费 → 计入成本" },
	{ 1, "存货 登记结算费 → 计入成本" },
	{ 1, "存货 安全管理费 → 计入成本" },
	{ 1, "存货 保险费 → 计入成本" },
	{ 1, "存货 外购加工服务 (加工成本) → 计入成本" },
	{ 0, "研发支出 is not a cost of inventory → 费用化" },
	{ 1, "存货 其他使其达到目前场所和状态的支出 → 计入成本" },
};

/* Decide whether @item is capitalised. The phase has been checked against the asset. */
void ds__ledger_classify(ledger_cost_item *item, const ledger_asset *a)
{
	if (a->asset_class == DS_LEDGER_INVENTORY) {
		item->capitalised = inventory_rules[item->category].capitalised;
		item->rule = inventory_rules[item->category].rule;
		return;
	}
	/* Spending after the asset is ready for use maintains it: CAS 6 expenses it. */
	if (a->has_available && ds__date_cmp(item->date, a->available) > 0) {
		item->capitalised = 0;
		item->rule = "达到预定用途后发生的支出 → 费用化";
		return;
	}
	if (a->origin != DS_LEDGER_SELF_BUILT) {
		item->capitalised = purchased_intangible[item->category].capitalised;
		item->rule = purchased_intangible[item->category].rule;
		return;
	}
	item->capitalised = 0;
	switch (item->phase) {
	case DS_LEDGER_PHASE_RESEARCH: item->rule = "研究阶段 → 费用化"; break;
	case DS_LEDGER_PHASE_UNSPLIT: item->rule = "无法区分研究阶段和开发阶段 → 费用化"; break;
	default:
		if (!a->has_conditions || ds__date_cmp(item->date, a->conditions_met) < 0) {
			item->rule = "开发阶段 before all five CAS 6 conditions were met → 费用化";
		} else {
			item->capitalised = 1;
			item->rule = "开发阶段 with all five CAS 6 conditions met → 资本化";
		}
	}
}
