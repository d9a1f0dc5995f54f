/** The public results page `/r/<sessionId>`. (Being built.) */
export function ResultsPage({ sessionId }: { sessionId: string }) {
  return <section class="panel"><h1>{sessionId}</h1></section>;
}
