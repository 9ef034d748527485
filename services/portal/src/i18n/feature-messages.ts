/**
 * One feature folder's messages: Finnish is the reference, and Swedish (Finland Swedish usage:
 * stad, sektor, stadsdel) and English must have exactly its keys, which the type checks.
 */
export interface FeatureMessages<Fi extends Record<string, string>> {
  fi: Fi;
  sv: Record<keyof Fi, string>;
  en: Record<keyof Fi, string>;
}
