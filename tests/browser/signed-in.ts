/**
 * Devices that already hold a session's token (as after joining on them), and commands over a
 * real socket that must succeed: the setup the issue-18 browser tests share.
 */
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { command } from '../helpers/clients.ts';
import type { JoinResponse } from '../../shared/http-api.ts';
import type { BrowserRig, devices } from './harness.ts';

/** What a device's `yishi.sessions` entry holds after joining. */
export interface Entry {
  sessionId: string;
  token: string;
  participantId: string;
  role: string;
  title: string;
  joinCode: string;
  boardId?: string;
}

/** The entry a join response gives. */
export function entryOf(j: JoinResponse, joinCode: string, role = j.role): Entry {
  return { sessionId: j.sessionId, token: j.token, participantId: j.participantId, role, title: j.title, joinCode };
}

/** A new device signed in to the session, opened at `/b/<session>/<board>`. */
export async function signedIn(rig: BrowserRig, kind: keyof typeof devices, entry: Entry, boardId: string, locale: 'en' | 'zh-CN' = 'en'): Promise<Page> {
  const ctx = await rig.device(kind, { locale });
  await ctx.addInitScript((e) => {
    if (!localStorage.getItem('yishi.sessions')) localStorage.setItem('yishi.sessions', JSON.stringify({ [e.sessionId]: { ...e, savedAt: Date.now() } }));
  }, entry);
  const page = await ctx.newPage();
  page.setDefaultTimeout(20_000);
  await page.goto(`/b/${entry.sessionId}/${boardId}`);
  return page;
}

/** Sends a command and requires it to be accepted; resolves with the ack. */
export async function ok(sock: Socket, name: string, payload: object): Promise<Record<string, unknown>> {
  const ack = await command(sock, name, payload);
  expect(ack, `${name} ${JSON.stringify(ack.error)}`).toMatchObject({ ok: true });
  return ack;
}
