package io.breakoutbot.ops.cli;

import io.breakoutbot.ops.logs.JsonLineEncoder;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code opsctl --json}: an answer record as one line of JSON, one member per component in declaration order,
 * records and lists within it likewise. A double that is NaN or infinite (a metric that could not be read) is
 * null, since JSON has no such number. The records are flat and of open types, so the log encoder's writer does
 * the escaping and no JSON library has to be on the command line's class path: Payara brings the server's JSON-P,
 * the WAR does not.
 */
final class JsonText {

    private JsonText() {}

    static String of(Record answer) {
        StringBuilder out = new StringBuilder(256);
        JsonLineEncoder.value(tree(answer), out);
        return out.toString();
    }

    private static Object tree(Object value) {
        if (value instanceof Record record) {
            Map<String, Object> members = new LinkedHashMap<>();
            for (RecordComponent c : record.getClass().getRecordComponents()) {
                members.put(c.getName(), tree(component(record, c)));
            }
            return members;
        }
        if (value instanceof List<?> items) {
            return items.stream().map(JsonText::tree).toList();
        }
        if (value instanceof Double d && !Double.isFinite(d)) {
            return null;
        }
        return value;
    }

    private static Object component(Record record, RecordComponent c) {
        try {
            return c.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(
                    "cannot read " + c.getName() + " of " + record.getClass().getSimpleName(), e);
        }
    }
}
