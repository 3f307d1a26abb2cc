package io.wem.web;

import io.wem.access.Panel;
import io.wem.access.RequiresPanel;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The Management area, Admin-only: its address opens the first tab, Users. */
@Controller
@RequiresPanel(Panel.MANAGEMENT)
class ManagementController {

    @GetMapping("/management")
    String management() {
        return "redirect:/management/users";
    }
}
