package dev.mcpgate.core.internal.upstream;

/**
 * What sending a call's request came to, redirects and a renewal included: the answer, or why
 * there is none. The result of {@link RedirectStep} and {@link RenewStep}; each case is an exit of
 * the adapter. Instances are immutable.
 */
public sealed interface Exchange extends AdapterExit
    permits AdapterExit.Answered, AdapterExit.RedirectRefused, AdapterExit.InjectionFailed,
        AdapterExit.TimedOut, AdapterExit.ConnectionFailed {}
