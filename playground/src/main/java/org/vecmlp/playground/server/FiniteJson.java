package org.vecmlp.playground.server;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;

/**
 * The server's JSON: numbers that are not finite (a regression run's accuracy, a diverged loss) are written as
 * {@code null}, the only JSON a browser's {@code JSON.parse} accepts for them; Gson's own option writes {@code NaN},
 * which is not JSON and made the page drop every frame of a regression run.
 */
final class FiniteJson {
    private FiniteJson() {
    }

    static Gson create() {
        TypeAdapter<Number> finite = new TypeAdapter<>() {
            @Override
            public void write(JsonWriter out, Number value) throws IOException {
                if (value == null || !Double.isFinite(value.doubleValue())) {
                    out.nullValue();
                } else {
                    out.value(value);
                }
            }

            @Override
            public Number read(JsonReader in) {
                throw new UnsupportedOperationException("the server writes JSON only");
            }
        };
        return new GsonBuilder().disableHtmlEscaping().serializeNulls()
                .registerTypeAdapter(double.class, finite).registerTypeAdapter(Double.class, finite)
                .registerTypeAdapter(float.class, finite).registerTypeAdapter(Float.class, finite)
                .create();
    }
}
