/** An action owner's follow-up page `/o/<code>`. (Being built.) */
export function FollowUpPage({ code }: { code: string }) {
  return <section class="panel"><h1>{code}</h1></section>;
}
