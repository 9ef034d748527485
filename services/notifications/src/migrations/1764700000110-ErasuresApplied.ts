import { erasureLogMigration } from '@vaikuta/domain';

/** `erasures_applied`: what each erasure request erased here (the shared erasure consumer's record). */
export const ErasuresApplied1764700000110 = erasureLogMigration(1764700000110);
