/**
 * The backend-neutral runtime behind {@link dev.taskbed.Client}, {@link dev.taskbed.Server} and
 * {@link dev.taskbed.Inspector}. Not public API: types here may change in any release.
 */
package dev.taskbed.internal;
