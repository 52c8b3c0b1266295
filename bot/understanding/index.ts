export { UnderstandingStage, DEFAULT_THRESHOLDS, type Understanding, type ConversationContext, type UnderstandingThresholds, type CommandTable, type Awaiting } from './stage.js';
export { trainUnderstanding, trainingRows, modelFromData, UNDERSTANDING_TRAIN_OPTIONS, type TrainedUnderstanding, type UnderstandingTrainingInput } from './train.js';
export { LinearModel, trainLinearModel, fitTemperature, type LinearModelData, type LabelledFeatures } from './linear-model.js';
export { messageFeatures } from './features.js';
export { dangerSignal, DANGER_KINDS, type DangerKind, type DangerSignal } from './danger.js';
export { dangerMessages, type Hotline } from './danger-reply.js';
export { skillsFor } from './route.js';
export { buildCommandTable } from './commands.js';
export { CLARIFY_CHOICES } from './skills.js';
