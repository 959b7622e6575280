package org.vecmlp.playground.model;

/** A setting with a value it cannot take; the message names the setting and the values it can take. */
public final class SettingsException extends IllegalArgumentException {
    /** Serialisation version. */
    @java.io.Serial
    private static final long serialVersionUID = 1L;
    /** The refused setting's name. */
    private final String parameter;

    /**
     * A bad value.
     *
     * @param parameter the setting's name, as in URLs
     * @param message   what is wrong, starting with the setting's name
     */
    public SettingsException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    /** {@return the name of the setting that was refused} */
    public String parameter() {
        return parameter;
    }
}
