"""Web helpers every app may use (form errors, security headers, links, redirects, confirmation
pages); a package, not an app, that imports no app of the project."""
