/**
 * The operators' web UI over the control plane: {@link dev.mcpgate.admin.ui.AdminUiServlet},
 * configured by {@link dev.mcpgate.admin.ui.AdminUiConfig}. Server-rendered pages (precompiled
 * templates) with htmx served from the jar, a strict Content-Security-Policy, sessions in
 * HttpOnly SameSite=Strict cookies and a CSRF token on every change. Every change goes through
 * {@link dev.mcpgate.control.ControlPlane#apply} with surface {@code ui}.
 */
@NullMarked
package dev.mcpgate.admin.ui;

import org.jspecify.annotations.NullMarked;
