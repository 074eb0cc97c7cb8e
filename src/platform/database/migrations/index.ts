import { InitialSchema1795340653647 } from './1795340653647-InitialSchema';
import { AddNotificationLog1795344069604 } from './1795344069604-AddNotificationLog';
import { AddSessionVersionAndDisabledAccounts1796115570492 } from './1796115570492-AddSessionVersionAndDisabledAccounts';
import { MoneyAsBigint1796116360369 } from './1796116360369-MoneyAsBigint';

export const MIGRATIONS = [
  InitialSchema1795340653647,
  AddNotificationLog1795344069604,
  AddSessionVersionAndDisabledAccounts1796115570492,
  MoneyAsBigint1796116360369,
];
