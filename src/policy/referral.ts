/**
 * The referral discount on a referred patient's billed items.
 *
 * @module
 */
import type { Decision, TraceEntry } from "../model/decision.js";
import { applyRateFen, fenOf, fenText } from "../core/fen.js";
import { memoize } from "../core/memo.js";
import { applyRate, decimal, Decimal, sum, toAmount, toRate, yuan } from "../core/money.js";
import { isSilent } from "../pack/schema.js";
import { codesParam, conditionParams, rateParam, type AreaContext } from "./context.js";

/** The referral section of a decision and its trace. */
export interface ReferralResult {
  readonly referral: NonNullable<Decision["referral"]>;
  readonly trace: TraceEntry[];
}

/** A rate as a decision writes it (`toRate`), worked out once per rate. */
const rateAsWritten = memoize((text: string) => toRate(decimal(text)), { limit: 1000 });

/** Decides the referral section; `undefined` when the case gives no referral. */
export function decideReferral(context: AreaContext): ReferralResult | undefined {
  const referral = context.case.referral;
  if (!referral) return undefined;
  const section = context.pack.data.referralDiscount;
  const items = referral.items ?? [];
  let applies = false;
  let rateText = "0";
  let categories: readonly string[] = [];
  let trace: TraceEntry;
  if (isSilent(section)) {
    trace = context.tracer.entry("referral", "referral-discount", false, section.silent.cite, { note: section.silent.note });
  } else {
    applies = context.outcomes.holds("referralDiscount", 0);
    if (applies) {
      const value = context.params.value(section.rate.param);
      rateText = typeof value === "string" ? value : rateParam(context.params, section.rate, "referral discount rate").toString();
      categories = codesParam(context.params, section.categories);
    }
    trace = context.tracer.entry("referral", section.id, applies, section.cite, {
      value: applies ? rateAsWritten(rateText) : undefined,
      note: section.note ?? section.label,
      params: [section.rate.param, section.categories.param, ...conditionParams(section.when)],
      owner: section,
    });
  }
  const fast = pricedFen(items, applies, categories, rateText);
  if (fast !== undefined) {
    return {
      referral: {
        discountApplies: applies,
        discountRate: rateText === "0" ? "0.00" : rateAsWritten(rateText),
        items: fast.items,
        totalDiscount: fenText(fast.discount),
      },
      trace: [trace],
    };
  }
  const rate = decimal(rateText);
  const priced = items.map((item) => {
    const price = yuan(item.price);
    const discount = applies && categories.includes(item.category) ? applyRate(price, rate) : new Decimal(0);
    return {
      code: item.code,
      category: item.category,
      price: toAmount(price),
      discount: toAmount(discount),
      payable: toAmount(price.minus(discount)),
      amount: discount,
    };
  });
  return {
    referral: {
      discountApplies: applies,
      discountRate: toRate(rate),
      items: priced.map(({ amount: _amount, ...item }) => item),
      totalDiscount: toAmount(sum(priced.map((item) => item.amount))),
    },
    trace: [trace],
  };
}

type ReferralItem = NonNullable<NonNullable<AreaContext["case"]["referral"]>["items"]>[number];
type PricedItem = NonNullable<Decision["referral"]>["items"][number];

/**
 * The priced items and the total discount on whole fen, or `undefined` where
 * the fen path cannot answer (the caller then takes `Decimal`). A property
 * test holds the two equal.
 */
function pricedFen(
  items: readonly ReferralItem[],
  applies: boolean,
  categories: readonly string[],
  rate: string,
): { items: PricedItem[]; discount: number } | undefined {
  const priced: PricedItem[] = [];
  let total = 0;
  for (const item of items) {
    const price = fenOf(item.price);
    if (price === undefined) return undefined;
    const discount = applies && categories.includes(item.category) ? applyRateFen(price, rate) : 0;
    if (discount === undefined) return undefined;
    total += discount;
    priced.push({
      code: item.code,
      category: item.category,
      price: fenText(price),
      discount: fenText(discount),
      payable: fenText(price - discount),
    });
  }
  return Number.isSafeInteger(total) ? { items: priced, discount: total } : undefined;
}
