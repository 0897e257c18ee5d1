// What the oliveyoung product page shows, read in the page. Every selector, text and limit comes from the plugin's
// configuration (cfg); the Java side decides the status from what this returns. Modes:
//   rendered  - true once the page shows a name, a RENDERED_SELECTORS element or a sign that the product is gone
//   settled   - true once it also shows a visible purchase button (or a buy/restock/sold-out element) and a price
//   thumbnail - true once an image src holds a product number (or there is no product to show one)
//   layout    - {desktop, mobile}: which layout's elements are present
//   read      - removes the overlays, then returns every fact the status decision needs
// Overlays (OVERLAY_SELECTORS, or a z-index above OVERLAY_Z_INDEX_ABOVE) are ignored while waiting and removed
// before reading: removing nodes while the page's scripts still render could break them.
({mode, cfg}) => {
  const body = document.body;
  if (!body) {
    return mode === 'read' ? null : (mode === 'layout' ? {desktop: false, mobile: false} : false);
  }
  const safeAll = (selector, root) => {
    try {
      return Array.from((root || document).querySelectorAll(selector));
    } catch (e) {
      return [];
    }
  };
  const overlayRoots = () => {
    const roots = new Set();
    for (const selector of cfg.overlaySelectors) {
      safeAll(selector, body).forEach(el => roots.add(el));
    }
    for (const el of body.querySelectorAll('*')) {
      if (parseInt(getComputedStyle(el).zIndex, 10) > cfg.overlayZIndexAbove) {
        roots.add(el);
      }
    }
    return roots;
  };
  let roots = overlayRoots();
  if (mode === 'read') {
    roots.forEach(el => el.remove());
    roots = new Set();
  }
  const outside = el => !Array.from(roots).some(root => root.contains(el));
  const first = selector => safeAll(selector).find(outside) || null;
  const anyOf = selectors => selectors.some(selector => first(selector) !== null);
  const trimmed = el => (el && el.textContent ? el.textContent : '').trim();
  const collapsed = el => trimmed(el).replace(/\s+/g, ' ');
  const visible = el => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden';
  };

  // The page's text as body.textContent gives it after the overlays are gone, without script and style bodies.
  const pageText = () => {
    const skipped = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE']);
    const walker = document.createTreeWalker(body, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
      acceptNode: node => node.nodeType === Node.TEXT_NODE ? NodeFilter.FILTER_ACCEPT
          : (skipped.has(node.tagName) || roots.has(node) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_SKIP)
    });
    let text = '';
    while (walker.nextNode()) {
      text += walker.currentNode.nodeValue;
    }
    return text;
  };
  const messagesShown = () => {
    const text = pageText();
    return cfg.messages.filter(message => text.includes(message));
  };
  const errorUrl = () => cfg.errorUrlPatterns.some(pattern => location.href.includes(pattern));
  const goneSigns = () => errorUrl() || anyOf(cfg.errorPageSelectors) || messagesShown().length > 0;

  // Per selector its first element; the first text long enough and not an error message is the name.
  const name = () => {
    for (const selector of cfg.nameSelectors) {
      const text = collapsed(first(selector));
      if (text.length >= cfg.nameMinLength && !cfg.messages.some(message => text.includes(message))) {
        return text;
      }
    }
    return null;
  };
  const brand = () => {
    for (const selector of cfg.brandSelectors) {
      const text = collapsed(first(selector));
      if (text) {
        return text;
      }
    }
    return null;
  };
  const productNumber = new RegExp(cfg.productNumberPattern);
  const thumbnail = () => {
    for (const selector of cfg.thumbnailSelectors) {
      const el = first(selector);
      const src = el ? (el.getAttribute('src') || '').trim() : '';
      if (src && src.includes(cfg.thumbnailHost) && !cfg.thumbnailExclusions.some(part => src.includes(part))
          && productNumber.test(src)) {
        return src;
      }
    }
    return null;
  };
  // The CSS-modules layout: the heading's grandparent holds brand, name and price blocks, the price block at
  // priceHeadingBlockIndex; else the first non-empty text of the price selectors.
  const priceText = () => {
    const heading = first(cfg.priceHeadingSelector);
    const block = heading && heading.parentElement && heading.parentElement.parentElement
        ? heading.parentElement.parentElement.children[cfg.priceHeadingBlockIndex] : null;
    const besideHeading = trimmed(block);
    if (besideHeading && /\d/.test(besideHeading)) {
      return besideHeading;
    }
    for (const selector of cfg.priceSelectors) {
      const text = trimmed(first(selector));
      if (text) {
        return text;
      }
    }
    return null;
  };
  const buttons = () => safeAll('button').filter(outside)
      .map(el => ({text: trimmed(el), visible: visible(el)}))
      .filter(button => button.text.length > 0);
  const knownButtonShown = () => buttons().some(button => button.visible
      && cfg.buttonTexts.some(text => button.text.includes(text)));

  switch (mode) {
    case 'rendered':
      return name() !== null || anyOf(cfg.renderedSelectors) || goneSigns();
    case 'settled': {
      if (goneSigns()) {
        return true;
      }
      const shown = name();
      if (shown === null) {
        return anyOf(cfg.renderedSelectors);
      }
      if (cfg.deletedNames.includes(shown)) {
        return true;
      }
      const decisive = knownButtonShown() || anyOf(cfg.buyElementSelectors) || anyOf(cfg.restockSelectors)
          || anyOf(cfg.soldOutElementSelectors);
      const price = priceText();
      return decisive && price !== null && /\d/.test(price);
    }
    case 'thumbnail': {
      const shown = name();
      return thumbnail() !== null || shown === null || cfg.deletedNames.includes(shown) || goneSigns();
    }
    case 'layout':
      return {desktop: anyOf(cfg.desktopLayoutSelectors), mobile: anyOf(cfg.mobileLayoutSelectors)};
    case 'read':
      return {
        href: location.href,
        name: name(),
        brand: brand(),
        thumbnail: thumbnail(),
        priceText: priceText(),
        buttons: buttons(),
        messages: messagesShown(),
        errorPageElement: anyOf(cfg.errorPageSelectors),
        buyElement: anyOf(cfg.buyElementSelectors),
        restockElement: anyOf(cfg.restockSelectors),
        soldOutElement: anyOf(cfg.soldOutElementSelectors),
        priceElement: anyOf(cfg.priceSelectors)
      };
    default:
      throw new Error('unknown mode ' + mode);
  }
}
