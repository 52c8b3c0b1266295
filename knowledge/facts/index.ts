export { findValidity, isoDate, validityStatus, vietnamDay, type Validity, type ValidityStatus } from './validity.js';
export { feeRulesOf, isStructured, parseFee, type FeeAudience, type FeeCase, type FeeRule, type ParsedFee, type PerPageTier } from './fees.js';
export { feesAt, formatAmount, hasExpiredPeriod, formatDay, type ChannelFee, type FeeAsker, type FeeSummary } from './fee-view.js';
export { channelCase, processingTimeFromSteps, processingTimeText } from './time.js';
export { audienceOf, documentsForPerson, formVariantFor, type Audience, type Person, type PersonDocument } from './forms.js';
