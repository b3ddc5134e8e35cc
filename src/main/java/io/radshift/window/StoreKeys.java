package io.radshift.window;

/**
 * Keys of the window stores: {@code kind␟site} for state and {@code kind␟site␟paneStart} for panes, with the
 * pane start zero-padded so that byte order equals time order and one range scan reads a window's panes.
 * The unit separator (U+001F) cannot appear in configured window names or in site ids that RadShift accepts.
 */
final class StoreKeys {

    static final char SEPARATOR = '\u001f';

    private StoreKeys() {
    }

    static String state(final String kind, final String site) {
        return kind + SEPARATOR + site;
    }

    static String pane(final String kind, final String site, final long paneStart) {
        return state(kind, site) + SEPARATOR + String.format("%020d", paneStart);
    }

    static String kindOf(final String stateKey) {
        return stateKey.substring(0, stateKey.indexOf(SEPARATOR));
    }

    static String siteOf(final String stateKey) {
        return stateKey.substring(stateKey.indexOf(SEPARATOR) + 1);
    }
}
