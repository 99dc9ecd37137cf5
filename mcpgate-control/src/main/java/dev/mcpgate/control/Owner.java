package dev.mcpgate.control;

/** Who owns an object, and so through which path it may change. */
public enum Owner {
  /** Declared in the YAML baseline: only the file changes it; the surfaces refuse to. */
  FILE,
  /** Created through the service layer; lives in the store. */
  API
}
