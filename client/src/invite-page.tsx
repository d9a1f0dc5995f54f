/** `/i/<code>`: accepting an expert or co-facilitator invite. (Being built.) */
export function InvitePage({ code }: { code: string }) {
  return <section class="panel"><h1>{code}</h1></section>;
}
