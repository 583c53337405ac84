/* The theme's Font Awesome script injects its CSS as an inline <style>, which the site's
   Content-Security-Policy forbids; the same CSS ships as fontawesome-svg.css instead. */
window.FontAwesomeConfig = { autoAddCss: false };
