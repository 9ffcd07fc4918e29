// Types of the Mes Aides engine's JavaScript API (mesaides.mjs).

export type Period = string; // "2026-06", "2026", "ETERNITY"
export type Situation = {
  individus: Record<string, Record<string, unknown>>;
  familles?: Record<string, Record<string, unknown>>;
  foyers_fiscaux?: Record<string, Record<string, unknown>>;
  menages?: Record<string, Record<string, unknown>>;
};

export interface ComputeOptions {
  period?: Period;
  variables?: string[];
  benefits?: boolean;
  benefit_details?: boolean;
  benefit_names?: string[];
  /** false: each benefit without `reason` nor `missing_inputs` (amounts and verdicts only). */
  benefit_reasons?: boolean;
  /** true: the benefits' missing inputs once, in the result's `missing_inputs`, not in each benefit. */
  missing_inputs_once?: boolean;
  explain?: boolean;
  trace?: boolean;
}

export interface MissingInput {
  variable: string;
  /** Absent with `benefit_details: false` (listInputs() has it). */
  label?: string;
  entity: string;
  id: string;
  periods: Period[];
}

export interface BenefitResult {
  name: string;
  label?: string;
  institution?: string;
  periodicity: "month" | "year";
  entity: string;
  id: string;
  period: Period;
  amount: number | boolean | null;
  amount_kind: "paid" | "participation";
  eligible: boolean;
  reason?: string;
  error?: RuntimeError;
  /** Absent with `benefit_reasons: false` or `missing_inputs_once: true`. */
  missing_inputs?: MissingInput[];
  apply?: string;
  not_simulated?: string[];
  references?: { title: string; url: string }[];
  meta?: Record<string, string>;
}

/** A failure of the law's computation for one value (the value is null). */
export interface RuntimeError {
  kind:
    | "division_by_zero"
    | "number_too_large"
    | "no_formula_for_date"
    | "parameter_without_value"
    | "missing_table_entry"
    | "invalid_argument"
    | "cycle"
    | "depth_exceeded";
  message: string;
  variable?: string;
  /** "file:line:col" of the expression that failed */
  at?: string;
  references?: unknown[];
}

export interface EngineError {
  /** "texts": the rule texts an answer needs (mesaides_engine_texts.bin) could not be loaded */
  kind: "request" | "situation" | "rules" | "texts" | "internal";
  message: string;
  errors?: { path: string; message: string }[];
}

export type ComputeResult =
  | ({
      ok: true;
      law_date: string;
      period: Period;
      benefits?: BenefitResult[];
      /** with benefits: those of another territory (not computed, no line per person) */
      outside_territory?: string[];
      errors?: RuntimeError[];
      explanations?: unknown;
      trace?: unknown;
    } & Situation)
  | { ok: false; error: EngineError };

export interface Engine {
  compute(situation: Situation, options?: ComputeOptions): Promise<ComputeResult>;
  computeRaw(requestJson: string): Promise<string>;
  info(): Promise<{ ok: true; engine_version: string; law_date: string; variables: number; parameters: number; benefits: number; rule_files: number; rules_digest: string }>;
  /** With `{ texts: false }`: without institutions, descriptions, links and references (no rule texts loaded). */
  listBenefits(options?: { texts?: boolean }): Promise<Record<string, unknown>[]>;
  /** `{texts: false}`: without the inputs' references, at once (the references come with the rule texts). */
  listInputs(options?: { texts?: boolean }): Promise<Record<string, unknown>[]>;
  listVariables(): Promise<Record<string, unknown>[]>;
  listParameters(): Promise<Record<string, unknown>[]>;
  close(): void;
}

export class MesAidesError extends Error {
  kind: EngineError["kind"];
}

export function createEngine(options?: {
  wasmUrl?: string | URL;
  wasmBinary?: ArrayBuffer | Uint8Array;
  /** the bytes `mesaides pack` writes */
  rules?: Uint8Array | ArrayBuffer;
  /** where the rule texts are (default: mesaides_engine_texts.bin beside the .wasm), loaded when an answer first needs them */
  textsUrl?: string | URL;
  /** their bytes, if at hand (`mesaides pack --texts` writes them) */
  texts?: Uint8Array | ArrayBuffer;
}): Promise<Engine>;
