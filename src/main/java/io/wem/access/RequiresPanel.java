package io.wem.access;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Declares the panel that a handler belongs to: only a role that may see that panel reaches it. */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequiresPanel {

    /** The panel key, for example {@link Panel#DASHBOARD}. */
    String value();
}
