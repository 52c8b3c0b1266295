import type { Storage } from '@microsoft/agents-hosting';
import type { ProcedureCatalog, ProcedureRetriever } from '../retrieval/index.js';
import type { AnswerRephraser } from './llm/rephraser.js';
import type { BotLogger, FeedbackStore, TurnLock } from './ports/index.js';
import type { ArticleIndex } from '../retrieval/articles/index.js';
import { createLegalInfoSkill } from './legal-info/index.js';
import { createOfficerSkill } from './skills/officer.js';
import { createOutsideMattersSkill } from './skills/outside-matters.js';
import type { OutsideMatter } from '../knowledge/index.js';
import { createProcedureQaSkill } from './skills/procedure-qa.js';
import { createSmallTalkSkill } from './skills/small-talk.js';
import { TthcBot } from './tthc-bot.js';
import { redactPersonalData } from './redact.js';
import type { Hotline } from './understanding/danger-reply.js';
import { createClarifySkill, createDangerSkill, createScopeSkill } from './understanding/skills.js';
import type { UnderstandingStage } from './understanding/stage.js';
import type { ProvinceNames } from './answer/province.js';
import type { Skill, TurnLog } from './types.js';

/**
 * Skills other parts plug into the chain, by slot. The order is fixed:
 *
 *   input guard (built in) -> handoff -> danger -> privacy -> forms -> triage
 *     -> small talk -> officer -> scope -> procedure Q&A -> clarify
 *
 * With an understanding stage, only the skills its decision allows run (`skillsFor`).
 */
export interface SkillSlots {
  /** Live lawyer handoff (bot/handoff). */
  handoff?: Skill[];
  /** Privacy commands such as "xoá dữ liệu của tôi" (bot/forms). */
  privacy?: Skill[];
  /** Form filling (bot/forms). */
  forms?: Skill[];
  /** Legal-aid triage (bot/triage). */
  triage?: Skill[];
}

export interface CoreDeps {
  catalogue: ProcedureCatalog;
  retriever: ProcedureRetriever;
  storage: Storage;
  turnLog: TurnLog;
  feedback: FeedbackStore;
  logger: BotLogger;
  clock: () => Date;
  /** Rephrases grounded answers (an optional on-premises model, `LLM_*` settings); without it answers are the composer's. */
  rephraser?: AnswerRephraser;
  /** The understanding stage: what a message is decides which skills see it. */
  understanding: UnderstandingStage;
  /** One turn at a time per conversation across processes (PostgreSQL under DATABASE_URL). */
  turnLock?: TurnLock;
  /** Hotlines a deployment adds to the danger reply (never invented by the bot). */
  hotlines?: readonly Hotline[];
  /** Statute article index: general legal questions get the quoted article (issue 13). */
  articles: ArticleIndex;
  /** Reviewed matters outside the catalogue (`loadOutsideMatters()`): answered with where they go, before procedure-qa. */
  outsideMatters: readonly OutsideMatter[];
  /** The deployment's province (config DEPLOYMENT_PROVINCE): other provinces' own variants only when named. */
  deploymentProvince?: string;
  /** The provinces a citizen may name (`provinceNames(AdminUnits.provinces())`): answers say that province's own body. */
  provinces?: ProvinceNames;
}

/** The full chain in the agreed order. Plain skills passed as an array go into the triage slot's end. */
export function buildSkillChain(deps: CoreDeps, slots: SkillSlots | Skill[] = {}): Skill[] {
  const s: SkillSlots = Array.isArray(slots) ? { triage: slots } : slots;
  return [
    ...(s.handoff ?? []),
    createDangerSkill({ hotlines: deps.hotlines }),
    ...(s.privacy ?? []),
    ...(s.forms ?? []),
    createLegalInfoSkill({ articles: deps.articles }),
    ...(s.triage ?? []),
    createSmallTalkSkill({ feedback: deps.feedback }),
    createOfficerSkill({ catalogue: deps.catalogue, retriever: deps.retriever }),
    createScopeSkill(),
    createOutsideMattersSkill({ matters: deps.outsideMatters }),
    createProcedureQaSkill({ catalogue: deps.catalogue, retriever: deps.retriever, rephraser: deps.rephraser, deploymentProvince: deps.deploymentProvince, provinces: deps.provinces }),
    createClarifySkill({ redact: redactPersonalData }),
  ];
}

/** Builds the bot with the core skills and the given slots. */
export function createTthcBot(deps: CoreDeps, slots: SkillSlots | Skill[] = {}): TthcBot {
  return new TthcBot({
    storage: deps.storage,
    turnLog: deps.turnLog,
    logger: deps.logger,
    clock: deps.clock,
    skills: buildSkillChain(deps, slots),
    understanding: deps.understanding,
    turnLock: deps.turnLock,
  });
}
