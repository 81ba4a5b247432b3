/**
 * HTTP clients a class creates and must therefore release: {@link
 * dev.baton.internal.http.OwnedHttpClients}. Exported only to the modules that create clients (see
 * {@code module-info.java}).
 */
package dev.baton.internal.http;
