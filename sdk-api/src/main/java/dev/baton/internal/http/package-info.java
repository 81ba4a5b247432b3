/**
 * HTTP clients a class creates and must therefore release ({@link
 * dev.baton.internal.http.OwnedHttpClients}), and response bodies read within a size and a time
 * limit ({@link dev.baton.internal.http.BoundedBodies}). Exported only to the modules that make
 * HTTP calls (see {@code module-info.java}).
 */
package dev.baton.internal.http;
