package io.radshift.window;

/**
 * What the window aggregator emits: a closed site window (to the detector and the all-sites view) or a change in
 * which sites the all-sites view must wait for ({@link SitePresence}, to the all-sites view only).
 */
public sealed interface WindowFeed permits ClosedWindow, SitePresence {
}
