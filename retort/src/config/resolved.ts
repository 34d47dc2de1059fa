/** The configuration with every default filled in and every path absolute. */
export interface ResolvedSettings {
  readonly url: string | null;
  readonly migrations: string;
  readonly versionLocations: readonly string[];
  /** Absolute path of the template file, or null for the built-in template. */
  readonly template: string | null;
  readonly versionTable: string;
  readonly versionTableSchema: string | null;
  /** Absolute paths of the model modules; empty when none are configured. */
  readonly models: readonly string[];
  readonly exclude: { readonly tables: readonly (string | RegExp)[]; readonly schemas: readonly string[] };
  /** null: the default schema only. */
  readonly schemas: readonly string[] | null;
  readonly namingConvention: Readonly<Record<string, string>>;
  readonly revisionIdLength: number;
  readonly fileTemplate: string;
  /** PGlite contrib extensions loaded when a pglite:// database opens; empty: none. */
  readonly pgliteExtensions: readonly string[];
}

export interface ResolvedConfig {
  /** Folder of the config file, or the working directory when there is none. */
  readonly root: string;
  /** Absolute path of the config file, or null when defaults are used. */
  readonly file: string | null;
  readonly config: ResolvedSettings;
}
