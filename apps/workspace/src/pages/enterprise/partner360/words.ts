// The API's codes in words: "UnderReview" reads "Under review", "partner_manager" reads "Partner manager".
export function words(code: string): string {
  const spaced = code.replace(/_/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}
