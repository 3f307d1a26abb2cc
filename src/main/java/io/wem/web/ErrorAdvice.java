package io.wem.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** Turns exceptions from controllers into the API's JSON error body or the error page, with the right status. */
@ControllerAdvice
class ErrorAdvice {

    private static final Logger log = LoggerFactory.getLogger(ErrorAdvice.class);

    @ExceptionHandler(WemException.class)
    Object wemException(WemException e, HttpServletRequest request, HttpServletResponse response) {
        if (ErrorResponses.wantsJson(request)) {
            return ResponseEntity.status(e.status()).body(ErrorResponses.body(e));
        }
        return respond(request, response, e.status(), e.getMessage(), e.field());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    Object unreadableBody(HttpMessageNotReadableException e, HttpServletRequest request, HttpServletResponse response) {
        return respond(request, response, HttpStatus.BAD_REQUEST,
                "The request body is not valid JSON of the expected shape", null);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    Object unsupportedMediaType(HttpMediaTypeNotSupportedException e, HttpServletRequest request, HttpServletResponse response) {
        return respond(request, response, HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "Send the request body as application/json", null);
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    Object missingParameter(MissingServletRequestParameterException e, HttpServletRequest request, HttpServletResponse response) {
        return respond(request, response, HttpStatus.BAD_REQUEST,
                "The parameter '" + e.getParameterName() + "' is missing", e.getParameterName());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    Object typeMismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request, HttpServletResponse response) {
        return respond(request, response, HttpStatus.BAD_REQUEST,
                "The parameter '" + e.getName() + "' has an invalid value", e.getName());
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    Object methodNotAllowed(HttpRequestMethodNotSupportedException e, HttpServletRequest request, HttpServletResponse response) {
        return respond(request, response, HttpStatus.METHOD_NOT_ALLOWED,
                "This address does not accept " + e.getMethod() + " requests", null);
    }

    @ExceptionHandler(NoResourceFoundException.class)
    Object notFound(NoResourceFoundException e, HttpServletRequest request, HttpServletResponse response) {
        return respond(request, response, HttpStatus.NOT_FOUND, "There is no page at this address", null);
    }

    /** Ignores a client that left a stream, such as a closed live tail: there is no one to respond to and nothing failed. */
    @ExceptionHandler(org.springframework.web.context.request.async.AsyncRequestNotUsableException.class)
    void clientGone(Exception e, HttpServletRequest request, HttpServletResponse response) {
        log.debug("Client left {} {}: {}", request.getMethod(), request.getRequestURI(), e.getMessage());
    }

    @ExceptionHandler(Exception.class)
    Object unexpected(Exception e, HttpServletRequest request, HttpServletResponse response) {
        log.error("Request {} {} failed", request.getMethod(), request.getRequestURI(), e);
        return respond(request, response, HttpStatus.INTERNAL_SERVER_ERROR,
                "The request failed on the server. The server log has the details.", null);
    }

    private static Object respond(HttpServletRequest request, HttpServletResponse response, HttpStatus status,
                                  String message, String field) {
        if (ErrorResponses.wantsJson(request)) {
            return ResponseEntity.status(status).body(ErrorResponses.body(message, field));
        }
        if (status == HttpStatus.UNAUTHORIZED) {
            return new ModelAndView("redirect:" + SecurityConfiguration.LOGIN_PAGE);
        }
        response.setStatus(status.value());
        ModelAndView view = new ModelAndView(ErrorResponses.isHtmx(request) ? "error/fragment" : "error/page");
        view.setStatus(status);
        view.addObject("status", status.value());
        view.addObject("reason", status.getReasonPhrase());
        view.addObject("message", message);
        return view;
    }
}
