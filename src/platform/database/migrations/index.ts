import { InitialSchema1795340653647 } from './1795340653647-InitialSchema';

export const MIGRATIONS = [InitialSchema1795340653647];
