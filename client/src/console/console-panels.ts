/**
 * The console's panels (in tab order) and the models behind them: created together and destroyed
 * together (one `useModel`). What every panel shares is `ConsoleModel`, in console-model.ts.
 */
import { signal } from '@preact/signals';
import type { BoardScreenProps } from '../screen-props.ts';
import { ActionsModel } from './actions-model.ts';
import { BackchannelModel } from './backchannel-model.ts';
import { BigScreenLauncher } from './big-screen-launcher.ts';
import { ConsoleModel } from './console-model.ts';
import { EscalationsModel } from './escalations-model.ts';
import type { ConsoleConn } from './console-model.ts';
import { ModerationModel } from './moderation-model.ts';
import { OpenSpaceModel } from './open-space-model.ts';
import { ParticipationModel } from './participation-model.ts';
import { PeopleModel } from './people-model.ts';
import { SignInModel } from './sign-in-model.ts';
import { ProcedureModel, TimerModel } from './procedure-model.ts';
import { ResultsModel } from './results-model.ts';
import { ScribeModel } from './scribe-model.ts';
import { SettingsModel } from './settings-model.ts';
import { SimilarModel } from './similar-model.ts';
import { ThemeModel } from './theme-model.ts';
import { VoteModel } from './vote-model.ts';

/** The console's panels, in tab order. */
export const PanelIds = ['moderation', 'similar', 'vote', 'actions', 'scribe', 'people', 'openSpace', 'balance', 'back', 'settings', 'results'] as const;

/** A panel of the console. */
export type PanelId = (typeof PanelIds)[number];

/** The console's models. */
export class ConsoleModels {
  readonly console: ConsoleModel;
  readonly procedure: ProcedureModel;
  readonly timer: TimerModel;
  readonly launcher: BigScreenLauncher;
  readonly themes: ThemeModel;
  readonly moderation: ModerationModel;
  readonly similar: SimilarModel;
  readonly settings: SettingsModel;
  readonly vote: VoteModel;
  readonly actions: ActionsModel;
  readonly scribe: ScribeModel;
  readonly people: PeopleModel;
  readonly signIn: SignInModel;
  readonly openSpace: OpenSpaceModel;
  readonly participation: ParticipationModel;
  readonly back: BackchannelModel;
  readonly results: ResultsModel;
  readonly escalations: EscalationsModel;
  readonly panel = signal<PanelId>('moderation');

  constructor({ stored, conn, boardId }: Pick<BoardScreenProps, 'stored' | 'boardId'> & { conn: ConsoleConn }) {
    const c = new ConsoleModel(conn, stored, boardId);
    this.console = c;
    this.procedure = new ProcedureModel(c);
    this.timer = new TimerModel(c);
    this.launcher = new BigScreenLauncher(c);
    this.escalations = new EscalationsModel(c);
    this.themes = new ThemeModel(c, this.escalations);
    this.moderation = new ModerationModel(c);
    this.similar = new SimilarModel(c);
    this.settings = new SettingsModel(c);
    this.vote = new VoteModel(c);
    this.actions = new ActionsModel(c, this.escalations);
    this.scribe = new ScribeModel(c);
    this.people = new PeopleModel(c);
    this.signIn = new SignInModel(c);
    this.openSpace = new OpenSpaceModel(c);
    this.participation = new ParticipationModel(c);
    this.back = new BackchannelModel(c);
    this.results = new ResultsModel(c);
  }

  /** Panels this role sees (experts: everything but session settings). */
  panels(): PanelId[] {
    return PanelIds.filter((id) => id !== 'settings' || this.console.can('settings:set'));
  }

  destroy(): void {
    this.timer.destroy();
    this.moderation.destroy();
    this.escalations.destroy();
    this.console.destroy();
  }
}
