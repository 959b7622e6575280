package org.vecmlp.data;

/**
 * Text from a file as an error message shows it: in single quotes, with a quote or backslash inside escaped by a
 * backslash and control characters (a line break inside a quoted CSV cell, say) as a backslash, {@code u} and four
 * hex digits, so that the text can neither end the quotes early nor garble a terminal.
 */
public final class TextQuoting {
    private TextQuoting() {
    }

    /**
     * The text, quoted and escaped.
     *
     * @param text what the file holds
     * @return it in single quotes
     */
    public static String quoted(String text) {
        StringBuilder b = new StringBuilder(text.length() + 2).append('\'');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\'' || c == '\\') {
                b.append('\\').append(c);
            } else if (Character.isISOControl(c)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('\'').toString();
    }
}
