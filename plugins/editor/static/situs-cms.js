/* Situs Daerah: the content format, the Indonesian interface and the preview of the
 * editor. Loaded after skema.js (generated from the schema; it sets CMS_MANUAL_INIT) and
 * the Decap CMS bundle; starts the editor once all of them are registered. */
(function () {
  'use strict';
  var CMS = window.CMS;
  var SKEMA = window.SITUS_SKEMA;
  var h = window.h;

  /* --- The `Key: Value` header format of content/ ------------------------------ */

  var HEADER_LINE = /^([A-Za-z][A-Za-z0-9_-]*)\s*:\s?(.*)$/;

  function splitList(value, separator) {
    return value.split(separator ? new RegExp(separator) : ',')
      .map(function (v) { return v.trim(); }).filter(function (v) { return v; });
  }

  function reader(table) {
    var canonical = {};
    table.keys.forEach(function (k) { canonical[k.toLowerCase()] = k; });
    var lists = new Set(table.lists);
    return function fromFile(content) {
      var lines = String(content || '').replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
      var data = {};
      var i = 0;
      var last = null;
      for (; i < lines.length; i++) {
        var line = lines[i];
        if (!line.trim()) { i++; break; }
        if (last && /^(\t| {4})/.test(line)) { data[last] += ' ' + line.trim(); continue; }
        var m = HEADER_LINE.exec(line);
        if (!m) break;
        last = canonical[m[1].toLowerCase()] || m[1];
        data[last] = m[2].trim();
      }
      Object.keys(data).forEach(function (k) { if (lists.has(k)) data[k] = splitList(data[k], (table.separators || {})[k]); });
      data.body = lines.slice(i).join('\n').replace(/\s+$/, '');
      return data;
    };
  }

  function headerValue(value) {
    if (value === null || value === undefined) return '';
    if (Array.isArray(value)) return value.map(headerValue).filter(function (v) { return v; }).join(', ');
    if (typeof value === 'object' && typeof value.toJS === 'function') return headerValue(value.toJS());
    return String(value).replace(/\s*\n\s*/g, ' ').trim();
  }

  function writer(table) {
    return function toFile(data) {
      var lines = [];
      var seen = new Set(['body']);
      function put(key) {
        seen.add(key);
        var value = headerValue(data[key]);
        if (value) lines.push(key + ': ' + value);
      }
      table.keys.forEach(put);
      Object.keys(data).forEach(function (k) { if (!seen.has(k)) put(k); });
      var body = String(data.body || '').replace(/\s+$/, '');
      // No body (a data-only page): the file ends with its header, not with blank lines.
      return lines.join('\n') + '\n' + (body ? '\n' + body + '\n' : '');
    };
  }

  Object.keys(SKEMA.formats).forEach(function (name) {
    var table = SKEMA.formats[name];
    CMS.registerCustomFormat(name, 'md', { fromFile: reader(table), toFile: writer(table) });
  });

  /* --- Indonesian interface (keys not listed fall back to English) ------------- */

  CMS.registerLocale('id', {
    auth: {
      login: 'Masuk', loggingIn: 'Sedang masuk…',
      loginWithGitHub: 'Masuk dengan GitHub', loginWithGitLab: 'Masuk dengan GitLab',
      errors: { email: 'Isi alamat surel Anda.', password: 'Isi kata sandi Anda.' }
    },
    app: {
      header: { content: 'Konten', workflow: 'Alur redaksi', media: 'Media', quickAdd: 'Tambah cepat' },
      app: {
        errorHeader: 'Konfigurasi editor gagal dimuat', configErrors: 'Kesalahan konfigurasi',
        checkConfigYml: 'Periksa admin/config.yml.', loadingConfig: 'Memuat konfigurasi…',
        waitingBackend: 'Menunggu repositori…'
      },
      notFoundPage: { header: 'Tidak ditemukan' }
    },
    collection: {
      sidebar: { collections: 'Koleksi', allCollections: 'Semua koleksi', searchAll: 'Cari di semua', searchIn: 'Cari di' },
      collectionTop: {
        sortBy: 'Urutkan', viewAs: 'Tampilan', viewAsList: 'Daftar', viewAsGrid: 'Kisi',
        newButton: '＋ %{collectionLabel}', newButtonAriaLabel: 'Buat %{collectionLabel} baru',
        ascending: 'Naik', descending: 'Turun', filterBy: 'Saring', groupBy: 'Kelompokkan',
        searchResults: 'Hasil pencarian "%{searchTerm}"',
        searchResultsInCollection: 'Hasil pencarian "%{searchTerm}" di %{collection}'
      },
      entries: {
        loadingEntries: 'Memuat entri…', cachingEntries: 'Menyiapkan entri…',
        longerLoading: 'Ini bisa memakan beberapa menit', noEntries: 'Belum ada entri',
        unpublishedHeader: 'Belum terbit'
      },
      defaultFields: { author: { label: 'Penulis' }, updatedOn: { label: 'Diperbarui' } }
    },
    editor: {
      editorControl: { field: { optional: 'tidak wajib', widgetLabel: 'isian %{widgetLabel}' } },
      editorControlPane: {
        widget: {
          required: '%{fieldLabel} wajib diisi.',
          regexPattern: '%{fieldLabel} tidak sesuai bentuk yang diminta: %{pattern}',
          processing: '%{fieldLabel} sedang diproses.',
          range: '%{fieldLabel} harus antara %{minValue} dan %{maxValue}.',
          min: '%{fieldLabel} paling sedikit %{minValue}.',
          max: '%{fieldLabel} paling banyak %{maxValue}.',
          rangeCount: '%{fieldLabel} harus berisi %{minCount} sampai %{maxCount} butir.',
          rangeCountExact: '%{fieldLabel} harus berisi tepat %{count} butir.',
          rangeMin: '%{fieldLabel} paling sedikit %{minCount} butir.',
          rangeMax: '%{fieldLabel} paling banyak %{maxCount} butir.',
          invalidPath: "'%{path}' bukan lokasi yang sah",
          pathExists: "Lokasi '%{path}' sudah ada"
        }
      },
      editor: {
        onLeavePage: 'Tinggalkan halaman ini? Perubahan yang belum disimpan akan hilang.',
        onUpdatingWithUnsavedChanges: 'Ada perubahan yang belum disimpan; simpan dulu sebelum mengubah status.',
        onPublishingNotReady: 'Ubah status menjadi "Siap" sebelum menerbitkan.',
        onPublishingWithUnsavedChanges: 'Ada perubahan yang belum disimpan; simpan dulu sebelum menerbitkan.',
        onPublishing: 'Terbitkan entri ini?',
        onUnpublishing: 'Tarik entri ini dari situs?',
        onDeletePublishedEntry: 'Hapus entri yang sudah terbit ini?',
        onDeleteUnpublishedChanges: 'Semua perubahan yang belum terbit pada entri ini akan dihapus. Lanjutkan?',
        loadingEntry: 'Memuat entri…',
        confirmLoadBackup: 'Ada salinan cadangan entri ini di peramban. Pakai salinan itu?'
      },
      editorInterface: { togglePreview: 'Tampilkan/sembunyikan pratinjau', toggleScrollSync: 'Gulir bersamaan' },
      editorToolbar: {
        publishing: 'Menerbitkan…', publish: 'Terbitkan', published: 'Terbit', unpublish: 'Tarik dari situs',
        duplicate: 'Gandakan', unpublishing: 'Menarik…', publishAndCreateNew: 'Terbitkan dan buat baru',
        publishAndDuplicate: 'Terbitkan dan gandakan', deleteUnpublishedChanges: 'Hapus perubahan yang belum terbit',
        deleteUnpublishedEntry: 'Hapus entri yang belum terbit', deletePublishedEntry: 'Hapus entri yang terbit',
        deleteEntry: 'Hapus entri', saving: 'Menyimpan…', save: 'Simpan', deleting: 'Menghapus…',
        updating: 'Memperbarui…', status: 'Status: %{status}', backCollection: ' Menulis di koleksi %{collectionLabel}',
        unsavedChanges: 'Belum disimpan', changesSaved: 'Perubahan tersimpan', draft: 'Draf',
        inReview: 'Ditinjau', ready: 'Siap', publishNow: 'Terbitkan sekarang',
        statusInfoTooltipDraft: 'Entri masih draf. Untuk diajukan ke peninjau, ubah status menjadi "Ditinjau".',
        statusInfoTooltipInReview: 'Entri sedang ditinjau. Anda masih boleh mengubahnya.',
        deployPreviewPendingButtonLabel: 'Periksa pratinjau', deployPreviewButtonLabel: 'Lihat pratinjau',
        deployButtonLabel: 'Lihat di situs'
      },
      editorWidgets: {
        markdown: {
          bold: 'Tebal', italic: 'Miring', strikethrough: 'Coret', code: 'Kode', link: 'Tautan',
          linkPrompt: 'Masukkan alamat tautan', headings: 'Judul bagian', quote: 'Kutipan',
          bulletedList: 'Daftar berbutir', numberedList: 'Daftar bernomor', addComponent: 'Tambah komponen',
          richText: 'Teks kaya', markdown: 'Markdown',
          toggleMode: { rich: 'Beralih ke teks kaya', markdown: 'Beralih ke Markdown' }
        },
        image: {
          choose: 'Pilih gambar', chooseMultiple: 'Pilih gambar-gambar', chooseDifferent: 'Pilih gambar lain',
          addMore: 'Tambah gambar', remove: 'Hapus gambar', removeAll: 'Hapus semua gambar',
          chooseUrl: 'Pakai alamat gambar', replaceUrl: 'Ganti dengan alamat', promptUrl: 'Tulis alamat gambar'
        },
        file: {
          choose: 'Pilih berkas', chooseMultiple: 'Pilih berkas-berkas', chooseDifferent: 'Pilih berkas lain',
          addMore: 'Tambah berkas', remove: 'Hapus berkas', removeAll: 'Hapus semua berkas',
          chooseUrl: 'Pakai alamat berkas', replaceUrl: 'Ganti dengan alamat', promptUrl: 'Tulis alamat berkas'
        },
        datetime: { now: 'Sekarang', clear: 'Kosongkan', setToNow: 'Isi %{fieldLabel} dengan waktu sekarang' },
        list: { add: 'Tambah %{item}', addType: 'Tambah %{item}' },
        object: { expand: 'Buka', collapse: 'Tutup' },
        headingOptions: {
          headingOne: 'Judul bagian 1', headingTwo: 'Judul bagian 2', headingThree: 'Judul bagian 3',
          headingFour: 'Judul bagian 4', headingFive: 'Judul bagian 5', headingSix: 'Judul bagian 6'
        }
      }
    },
    mediaLibrary: {
      mediaLibraryCard: { draft: 'Draf', copy: 'Salin', copyUrl: 'Salin alamat', copyPath: 'Salin lokasi', copyName: 'Salin nama', copied: 'Tersalin' },
      mediaLibrary: {
        onDelete: 'Hapus media yang dipilih?',
        fileTooLarge: 'Berkas terlalu besar: batasnya %{size} kB. Perkecil dulu (mis. simpan ulang PDF-nya dengan ukuran lebih kecil, atau perkecil fotonya), lalu pilih lagi.'
      },
      mediaLibraryModal: {
        loading: 'Memuat…', close: 'Tutup', noResults: 'Tidak ada hasil.', noAssetsFound: 'Belum ada berkas.',
        noImagesFound: 'Belum ada gambar.', images: 'Gambar', mediaAssets: 'Berkas media', search: 'Cari…',
        uploading: 'Mengunggah…', upload: 'Unggah', download: 'Unduh', deleting: 'Menghapus…',
        deleteSelected: 'Hapus yang dipilih', chooseSelected: 'Pakai yang dipilih'
      }
    },
    ui: {
      default: { goBackToSite: 'Kembali ke situs' },
      settingsDropdown: { logOut: 'Keluar' },
      toast: {
        onFailToLoadEntries: 'Entri gagal dimuat: %{details}',
        onFailToPersist: 'Entri belum disimpan: %{details}',
        onFailToDelete: 'Entri gagal dihapus: %{details}',
        onFailToUpdateStatus: 'Status gagal diubah: %{details}',
        missingRequiredField: 'Ada isian wajib yang belum diisi. Lengkapi dulu sebelum menyimpan.',
        entrySaved: 'Entri tersimpan', entryPublished: 'Entri terbit', entryUnpublished: 'Entri ditarik dari situs',
        onFailToPublishEntry: 'Gagal menerbitkan: %{details}', entryUpdated: 'Status entri diperbarui',
        onDeleteUnpublishedChanges: 'Perubahan yang belum terbit dihapus',
        onLoggedOut: 'Anda telah keluar. Simpan pekerjaan Anda lalu masuk lagi.',
        onBackendDown: 'Repositori sedang tidak dapat dihubungi: %{details}'
      }
    },
    workflow: {
      workflow: {
        loading: 'Memuat alur redaksi', workflowHeading: 'Alur redaksi', newPost: 'Entri baru',
        description: '%{smart_count} entri menunggu tinjauan, %{readyCount} siap terbit.',
        dateFormat: 'D/M/YYYY'  // a day without a month's name: the card's date is formatted in English
      },
      workflowCard: {
        lastChange: '%{date} oleh %{author}', lastChangeNoAuthor: '%{date}', lastChangeNoDate: 'oleh %{author}',
        deleteChanges: 'Hapus perubahan', deleteNewEntry: 'Hapus entri baru',
        publishChanges: 'Terbitkan perubahan', publishNewEntry: 'Terbitkan entri baru'
      },
      workflowList: {
        onDeleteEntry: 'Hapus entri ini?',
        onPublishingNotReadyEntry: 'Hanya entri berstatus "Siap" yang dapat diterbitkan. Seret kartunya ke kolom "Siap".',
        onPublishEntry: 'Terbitkan entri ini?',
        draftHeader: 'Draf', inReviewHeader: 'Ditinjau', readyHeader: 'Siap',
        currentEntries: '%{smart_count} entri'
      }
    }
  });

  /* --- Text pasted from Word: its bold kept -----------------------------------------
   * Word marks bold text `<b>`; the text editor reads `<strong>` and a bold `font-weight`
   * (Google Docs' spans) as bold, not `<b>`, so a pasted heading lost its bold. Every HTML
   * the page reads from a clipboard or a drop has its `<b>` as `<strong>`, but for a `<b>`
   * whose own style says it is not bold (Google Docs wraps a whole copy in one). The rest
   * of what is pasted is left to the editor (a no-break space Word wrote stays one: the
   * site shows it as a space). */

  function boldAsStrong(html) {
    if (!/<b[\s>]/i.test(html)) return html;
    var doc = new DOMParser().parseFromString(html, 'text/html');
    doc.querySelectorAll('b').forEach(function (b) {
      var weight = b.style.fontWeight;
      if (weight === 'normal' || weight === 'lighter' || parseInt(weight, 10) < 600) return;
      var strong = doc.createElement('strong');
      while (b.firstChild) strong.appendChild(b.firstChild);
      b.replaceWith(strong);
    });
    return doc.documentElement.outerHTML;
  }

  var getData = DataTransfer.prototype.getData;
  DataTransfer.prototype.getData = function (type) {
    var value = getData.call(this, type);
    return String(type).toLowerCase() === 'text/html' && value ? boldAsStrong(value) : value;
  };

  /* --- An image in the text: Indonesian labels, alt text asked for --------------
   * Replaces Decap's own `image` component (English labels, "Insert from URL"). Its
   * Markdown is Decap's: ![alt](path "title"); a path with spaces is written <path>. */

  var IMAGE = /^!\[([^\]]*)\]\(<?([^)>]*?)>?(\s"([^"]*)")?\)/;

  CMS.registerEditorComponent({
    id: 'image',
    label: 'Gambar',
    pattern: IMAGE,
    fields: [
      { label: 'Gambar', name: 'image', widget: 'image', choose_url: false, media_library: { allow_multiple: false } },
      { label: 'Teks alternatif: apa yang terlihat di gambar (wajib)', name: 'alt' },
      { label: 'Keterangan saat penunjuk di atas gambar (tidak wajib)', name: 'title', required: false }
    ],
    fromBlock: function (m) { return m && { image: m[2], alt: m[1], title: m[4] }; },
    toBlock: function (d) {
      var path = d.image || '';
      if (/\s/.test(path)) path = '<' + path + '>';
      return '![' + (d.alt || '') + '](' + path + (d.title ? ' "' + d.title.replace(/"/g, '\\"') + '"' : '') + ')';
    },
    toPreview: function (d, getAsset, fields) {
      var field = fields && fields.find(function (f) { return f.get('widget') === 'image'; });
      var src = getAsset(d.image, field);
      return h('img', { src: src ? src.toString() : '', alt: d.alt || '', title: d.title || '' });
    }
  });

  CMS.registerEditorComponent({ id: 'code-block', label: 'Blok kode', widget: 'code', type: 'code-block' });

  /* Lists written with their items' content at 4 spaces ("1.  Langkah", "*   butir"):
   * Decap writes it where the item's text starts (3 spaces under "2. "), but the site's
   * Markdown (Python-Markdown) nests a list only under 4, so a nested list edited here
   * came out broken on the page. A settings preset over Decap's own (remark-stringify). */
  CMS.registerRemarkPlugin({ settings: { listItemIndent: 'tab' } });

  /* And a list holding a nested list, or an item of several paragraphs, written with a
   * blank line between its items: without it Python-Markdown reads the item after a
   * nested list as more text of that list's last item. Only when Markdown is written
   * (a processor with a compiler); what is read into the editor stays as it is. */
  function loosen(node) {
    (node.children || []).forEach(loosen);
    if (node.type === 'list' && node.children.some(function (item) {
      return item.spread || (item.children || []).some(function (c) { return c.type === 'list'; });
    })) {
      node.spread = true;
      node.children.forEach(function (item) { item.spread = true; });
    }
  }

  CMS.registerRemarkPlugin(function () {
    if (!this.Compiler) return undefined;
    return loosen;
  });

  /* An upload named as a file already in the media library: Decap asks, in English and
   * outside its locale, whether to replace it, and a yes deletes that file at once by a
   * commit on the main branch, outside the review, from under the published item that
   * shows it. Never replaced here: the author is told, in Indonesian, to rename the file. */
  var REPLACE = /^(.+) already exists\. Do you want to replace it\?$/;
  /* Deleting from the media library is the same commit on main: a photo a published item
   * shows would go from under it. Not done here (a file left unused is no harm). */
  var ON_DELETE = 'Hapus media yang dipilih?';  // the locale's mediaLibrary.onDelete, below
  var confirmAsked = window.confirm;
  window.confirm = function (message) {
    if (String(message) === ON_DELETE) {
      window.alert('Berkas di pustaka media tidak dihapus dari editor: berkas itu mungkin dipakai konten yang sudah '
        + 'terbit, dan penghapusannya langsung terbit tanpa ditinjau. Berkas yang tidak dipakai tidak mengganggu; '
        + 'bila perlu dihapus, minta Diskominfo menghapusnya lewat merge request.');
      return false;
    }
    var m = REPLACE.exec(String(message));
    if (!m) return confirmAsked.apply(window, arguments);
    var other = m[1].replace(/(\.[^.]*)?$/, function (ext) { return '-2' + (ext || ''); });
    window.alert('Berkas ' + m[1] + ' sudah ada di pustaka media dan mungkin dipakai konten yang sudah terbit, '
      + 'jadi tidak diganti. Ubah nama berkas di komputer Anda, mis. ' + other + ', lalu unggah lagi.');
    return false;
  };

  /* What Decap leaves short of WCAG 2.1 AA (axe-core, in the editor's browser test), mended
   * as its elements appear (attributes and text Decap's code does not set): controls without
   * a name a screen reader can say (the collection's search box, the body's text editor,
   * the preview frame, the account menu in English), the media library's pictures (their
   * file name is the card's text: no alt text of their own), the Markdown switch's state when off
   * (Decap says it only when on), a toolbar menu whose button holds a second button (one
   * control for the keyboard and a screen reader: the outer one, named), react-select's
   * English "No options", and text under 4.5:1 (grey on white: the side and top menus, the
   * sort buttons, the review board's cards, the lines saying a list, an item or the board is
   * loading; the "not saved" badge; the teal of the status and publish buttons), darkened. */
  var NO_OPTIONS = { 'No options': 'Tidak ada pilihan yang cocok' };
  var NAMES = { 'Account options dropdown': 'Pilihan akun' };
  var CONTRAST = [
    'a[class*="SidebarNavLink"]:not([aria-current]), a[class*="AppHeaderNavLink"]:not([aria-current]),',
    'button[class*="AppHeaderButton"] { color: #5b6270 !important; }',
    '[class*="grayText"], [class*="LoaderItem"], [class*="LoaderText"] { color: #4f5664 !important; }',
    '[class*="StyledDropdownButton"][class*="caretDown-caretDown "] { color: #fff !important; background-color: #5b6270 !important; }',
    '[class*="WorkflowTopDescription"], [class*="ColumnCount"] { color: #4f5664 !important; }',
    '[class*="CardDateContainer"], [class*="CardBody"] { color: #5b6270 !important; }',
    '[class*="StatusButton"] { color: #0e6674 !important; }',
    '[class*="PublishButton"] { background-color: #0e6674 !important; }',
    '[class*="textBadgeDanger"] { color: #c8002d !important; }'
  ].join('\n');
  var style = document.createElement('style');
  style.textContent = CONTRAST;
  document.head.appendChild(style);

  function fieldLabel(el) {
    for (var up = el.parentElement; up; up = up.parentElement) {
      var label = up.querySelector('label');
      if (label) return (label.firstChild && label.firstChild.textContent || label.textContent).trim();
    }
    return 'Isi';
  }

  function mend(root) {
    if (!root.querySelectorAll) return;
    root.querySelectorAll('input[placeholder]:not([aria-label])').forEach(function (el) {
      if (!(el.labels && el.labels.length)) el.setAttribute('aria-label', el.placeholder);
    });
    root.querySelectorAll('[role="switch"]:not([aria-label])').forEach(function (el) {
      el.setAttribute('aria-label', 'Mode Markdown');
    });
    root.querySelectorAll('[role="switch"]:not([aria-checked])').forEach(function (el) {
      el.setAttribute('aria-checked', 'false');
    });
    root.querySelectorAll('[data-slate-editor="true"]:not([aria-label])').forEach(function (el) {
      el.setAttribute('aria-label', fieldLabel(el));
    });
    root.querySelectorAll('img[class*="CardImage"]:not([alt])').forEach(function (el) {
      el.setAttribute('alt', '');  // a media library card: its file name is the card's text
    });
    root.querySelectorAll('iframe#preview-pane:not([title])').forEach(function (el) {
      el.setAttribute('title', 'Pratinjau');
    });
    root.querySelectorAll('[aria-label]').forEach(function (el) {
      var said = NAMES[el.getAttribute('aria-label')];
      if (said) el.setAttribute('aria-label', said);
    });
    root.querySelectorAll('[role="button"] button:not([inert])').forEach(function (inner) {
      var outer = inner.parentElement.closest('[role="button"]');
      if (!outer.hasAttribute('aria-label') && inner.title) outer.setAttribute('aria-label', inner.title);
      inner.inert = true;  // not focused nor said; a click on it reaches the outer control
      inner.setAttribute('aria-hidden', 'true');
    });
    var texts = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (var t = texts.nextNode(); t; t = texts.nextNode()) {
      if (NO_OPTIONS[t.data]) t.data = NO_OPTIONS[t.data];
    }
  }

  new MutationObserver(function (records) {
    records.forEach(function (r) {
      if (r.type === 'attributes') {  // a switch turned off: Decap took its state away
        if (r.target.getAttribute('role') === 'switch' && !r.target.hasAttribute('aria-checked')) {
          r.target.setAttribute('aria-checked', 'false');
        }
        return;
      }
      r.addedNodes.forEach(function (n) {
        if (n.nodeType === 3 && NO_OPTIONS[n.data]) n.data = NO_OPTIONS[n.data];
        else if (n.nodeType === 1) mend(n);
      });
      if (r.target.nodeType === 1 && r.target.closest) {
        var control = r.target.closest('[role="button"]');  // a control whose content React replaced
        if (control && control.parentElement) mend(control.parentElement);
      }
    });
  }).observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ['aria-checked'] });

  /* A photo the build cannot publish (TIFF, BMP, SVG, which Decap's picker offers), said
   * before the save uploads it: the build takes JPEG, PNG, WebP and GIF. */
  var PHOTO = /\.(jpe?g|png|webp|gif)$/i;

  /* Personal data, hidden direction marks and a scaffold's example text (`./run.sh new`;
   * a draft may keep it) in any text of the form (its fields and the body), said before
   * the save writes them to a branch, in the build's words: a NIK-like
   * number (16 digits in one or more groups, a real province code, a plausible birth
   * date: content.safety.looks_like_nik, whose patterns skema.js carries) and the bidi
   * controls a phone pastes around a number. */
  var CHAIN = new RegExp(SKEMA.nik.rantai, 'g'), BIDI = new RegExp(SKEMA.bidi), EXAMPLE = new RegExp(SKEMA.contoh);

  function nikIn(text) {
    text = String(text || '').replace(/[\uff10-\uff19]/g, function (d) { return String.fromCharCode(d.charCodeAt(0) - 0xfee0); });
    var m;
    CHAIN.lastIndex = 0;
    while ((m = CHAIN.exec(text)) !== null) {
      var groups = m[0].match(/\d+/g);
      for (var i = 0; i < groups.length; i++) {
        var digits = '';
        for (var j = i; j < groups.length && digits.length < 16; j++) {
          digits += groups[j];
          if (digits.length === 16) {
            var day = +digits.slice(6, 8), month = +digits.slice(8, 10);
            if (SKEMA.nik.provinsi.indexOf(+digits.slice(0, 2)) >= 0 && ((day >= 1 && day <= 31) || (day >= 41 && day <= 71))
                && month >= 1 && month <= 12) return digits;
          }
        }
      }
    }
    return null;
  }

  function textProblems(data, labels) {
    var found = [], draft = String(data.get('Status') || '').trim().toLowerCase() === 'draft';
    data.forEach(function (value, key) {
      if (value && typeof value.toJS === 'function') value = value.toJS();
      var text = Array.isArray(value) ? value.join(', ') : (typeof value === 'string' ? value : '');
      if (!text) return;
      var name = key === 'body' ? 'Isi' : (labels[key] || key);
      var nik = nikIn(text);
      if (nik) found.push(name + ' berisi nomor mirip NIK (' + nik.slice(0, 4) + '…' + nik.slice(-2) + '): data pribadi tidak boleh terbit; hapus atau samarkan nomornya.');
      if (BIDI.test(text)) found.push(name + ' berisi karakter pengatur arah teks (bidi) yang tersembunyi; ketik ulang nilainya tanpa menyalin dari sumber lain.');
      var example = draft ? null : EXAMPLE.exec(text);  // a draft may keep it until it is ready
      if (example) found.push(name + ' masih berisi teks contoh "' + example[0] + '"; ganti dengan isi sebenarnya (atau jadikan Draf).');
    });
    return found;
  }

  function photoProblems(data) {
    var paths = [];
    var lead = String(data.get('Image') || '').trim();
    if (lead) paths.push(lead);
    var body = String(data.get('body') || '');
    var inText = /!\[[^\]]*\]\(\s*<?([^)>"]+?)>?(\s"[^"]*")?\)/g;
    var m;
    while ((m = inText.exec(body)) !== null) {
      if (!/^(https?:)?\/\//i.test(m[1])) paths.push(m[1].trim());
    }
    return paths.filter(function (p) { return !PHOTO.test(p); }).map(function (p) {
      return 'Foto ' + p.split('/').pop() + ' bukan JPEG, PNG, WebP atau GIF; simpan dulu sebagai JPEG, lalu pilih lagi.';
    });
  }

  /* A document the build does not publish (a program, a Word file as a regulation's signed
   * copy), said before the save uploads it, in the build's words: each file field's formats
   * come from the schema (skema.js `files`). */
  function fileProblems(files, data) {
    var found = [];
    Object.keys(files || {}).forEach(function (key) {
      var value = data.get(key);
      if (value && typeof value.toJS === 'function') value = value.toJS();
      (Array.isArray(value) ? value : [value]).forEach(function (path) {
        path = String(path || '').trim();
        if (!path) return;
        var name = path.split('/').pop();
        var dot = name.lastIndexOf('.');
        var ext = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
        if (files[key].ext.indexOf(ext) < 0) {
          found.push(files[key].label + ': ' + name + ': format berkas ' + (ext ? '.' + ext : '(tanpa ekstensi)')
            + ' tidak diizinkan; yang boleh: ' + files[key].ext.join(', ') + '.');
        }
      });
    });
    return found;
  }

  /* A title's slug as the build makes it (python-slugify, 80 characters at most, cut at a
   * word: content.validate.item_slug): letters without their accents (and the few it
   * spells out: ß, æ, ø...), lower case, a typographic apostrophe dropped, a comma between
   * digits dropped, any other run of signs a hyphen. */
  var SLUG_MAX = 80;
  var SPELLED = { 'ß': 'ss', 'æ': 'ae', 'ø': 'o', 'œ': 'oe', 'ı': 'i', 'đ': 'd', 'ł': 'l', 'þ': 'th' };

  function slugOf(title, max, atWord) {
    max = max || SLUG_MAX;
    // The site's own titles' other letters as the build spells them (SKEMA.huruf: "°" is "deg").
    var s = String(title || '').replace(/[^\x00-\x7f]/gu, function (c) {
      return Object.prototype.hasOwnProperty.call(SKEMA.huruf || {}, c) ? SKEMA.huruf[c] : c;
    }).toLowerCase().replace(/[ßæøœıđłþ]/g, function (c) { return SPELLED[c]; })
      .normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[\u2018\u2019]+/g, '')
      .replace(/(\d),(?=\d)/g, '$1').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
    if (s.length <= max) return s;
    if (atWord === false) return s.slice(0, max).replace(/^-+|-+$/g, '');  // cut where it reaches max
    var words = s.split('-'), cut = '';
    for (var i = 0; i < words.length; i++) {  // python-slugify's smart_truncate: a word that does not fit is left out
      if (cut.length + words[i].length < max) cut += words[i] + '-';
      else if (cut.length + words[i].length === max) { cut += words[i]; break; }
    }
    return cut.replace(/-+$/, '') || s.slice(0, max);
  }

  // The last part of the address the build gives an item: its Slug box's value as the build
  // makes it; a regulation's (table.slugFrom, content.regulasi.slug_of) its Nomor's, or for a
  // draft rancangan-<its title>.
  function slugFor(table, data) {
    var rule = table.slugFrom;
    if (!rule) return slugOf(data.get('Slug'));
    var nomor = data.get(rule.nomor);
    if (filled(nomor) && data.get(rule.status) !== rule.draft) return slugOf(nomor, rule.max, false) || 'tanpa-nomor';
    return rule.draft + '-' + (slugOf(data.get('Title'), rule.max) || 'tanpa-judul');
  }

  /* Each file this save would upload whose bytes are not what its name says (a PDF named
   * .jpg, a Word file named .pdf) or a photo over the site's pixel limit, said before the
   * upload in the build's words: its first bytes, by the tests of content.berkas._matches
   * for the formats told apart by their start (text and audio are left to the build), and
   * the photo's size as the browser reads it. */
  var STARTS = {
    pdf: function (b) { var i = 0; while (i < b.length && ' \t\r\n'.indexOf(String.fromCharCode(b[i])) >= 0) i++; return starts(b, [37, 80, 68, 70], i); },
    ole: function (b) { return starts(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]); },
    jpeg: function (b) { return starts(b, [0xff, 0xd8, 0xff]); },
    png: function (b) { return starts(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]); },
    webp: function (b) { return starts(b, [82, 73, 70, 70]) && starts(b, [87, 69, 66, 80], 8); },
    ooxml: function (b) { return starts(b, [80, 75, 3, 4]); },
    odf: function (b) { return starts(b, [80, 75, 3, 4]); },
    zip: function (b) { return starts(b, [80, 75, 3, 4]); }
  };

  function starts(bytes, sig, at) {
    at = at || 0;
    for (var i = 0; i < sig.length; i++) if (bytes[at + i] !== sig[i]) return false;
    return true;
  }

  function pixels(file) {
    return new Promise(function (resolve) {
      var img = new Image(), url = URL.createObjectURL(file);
      img.onload = function () { URL.revokeObjectURL(url); resolve(img.naturalWidth * img.naturalHeight); };
      img.onerror = function () { URL.revokeObjectURL(url); resolve(0); };
      img.src = url;
    });
  }

  async function uploadProblems(entry) {
    var found = [];
    var media = (entry.get('mediaFiles') || []).toJS ? entry.get('mediaFiles').toJS() : [];
    var used = JSON.stringify(entry.get('data').toJS());  // a file picked, then replaced, is not uploaded
    for (var i = 0; i < media.length; i++) {
      var file = media[i].file, path = String(media[i].path || ''), name = String(media[i].name || path).split('/').pop();
      var ext = name.split('.').pop().toLowerCase(), format = SKEMA.format[ext];
      if (!file || !format || !STARTS[format.jenis] || used.indexOf(path.replace(/^\/+/, '').split('/').pop()) < 0) continue;
      var head = new Uint8Array(await file.slice(0, 64).arrayBuffer());
      if (!STARTS[format.jenis](head)) {
        // What it is (an office file is a zip: told apart inside it by the build alone).
        var actual = STARTS.zip(head) ? 'ZIP (mis. Word .docx atau Excel .xlsx)' : (Object.keys(SKEMA.format).map(function (e) {
          return SKEMA.format[e];
        }).filter(function (f) { return f.jenis !== format.jenis && STARTS[f.jenis] && STARTS[f.jenis](head); })[0] || {}).nama;
        found.push('"' + name + '" ' + (actual ? 'isinya berkas ' + actual + ', bukan ' + format.nama
          : 'isinya bukan berkas ' + format.nama + ' yang sah') + '; simpan ulang sebagai ' + format.nama + ' dari aplikasinya, lalu pilih lagi.');
        continue;
      }
      if (['jpeg', 'png', 'webp'].indexOf(format.jenis) >= 0) {
        var count = await pixels(file);
        if (count > SKEMA.piksel) {
          found.push('Foto "' + name + '" terlalu besar (' + Math.round(count / 1e6) + ' megapiksel; batas ' +
            Math.round(SKEMA.piksel / 1e6) + ' megapiksel); perkecil ukurannya, lalu pilih lagi.');
        }
      }
    }
    return found;
  }

  /* What the validator refuses in the text, said before a save (the same words). */
  var BODY_RULES = [
    { test: /!\[\s*\]\(/, message: 'Setiap gambar di isi perlu teks alternatif: klik gambarnya, lalu isi Teks alternatif.' },
    { test: /!\[[^\]]*\]\(\s*<?\s*(https?:)?\/\//i,
      message: 'Gambar di isi diunggah ke situs ini (Pilih gambar), bukan dimuat dari situs lain.' }
  ];

  /* --- Rules between fields, checked before a save ------------------------------
   * The schema's rules (skema.js `rules`, each with its sentence): a field required or to
   * be left empty when another has some value, one only for some values of another, a
   * date not before another, a year that is one of some dates', a typed day the calendar
   * has. A save that breaks one stops before anything is written or
   * uploaded (an exempt document never reaches the repository) and says every problem. */

  function filled(v) {
    if (v === null || v === undefined) return false;
    if (typeof v === 'object' && typeof v.toJS === 'function') v = v.toJS();
    if (Array.isArray(v)) return v.some(filled);
    return String(v).trim() !== '';
  }

  function holds(cond, data) {
    var v = data.get(cond.key);
    if (!cond.values.length) return filled(v);
    return filled(v) && cond.values.indexOf(String(v)) >= 0;
  }

  function broken(rules, data) {
    return rules.filter(function (r) {
      var v = data.get(r.key);
      if (r.type === 'wajib') return holds(r.if, data) && !filled(v);
      if (r.type === 'dilarang') return holds(r.if, data) && filled(v);
      if (r.type === 'hanya') return filled(v) && filled(data.get(r.if.key)) && !holds(r.if, data);
      if (r.type === 'tidak-sebelum') {
        var start = data.get(r.start);
        if (!filled(v) || !filled(start)) return false;
        var end = String(v).trim(), from = String(start).trim();
        if (end.length !== from.length) {  // a day and a moment: compared by their days (YYYY-MM-DD)
          end = end.slice(0, 10);
          from = from.slice(0, 10);
        }
        return end < from;
      }
      if (r.type === 'tidak-sesudah-hari-ini') {
        if (!filled(v)) return false;
        var now = new Date(), two = function (n) { return (n < 10 ? '0' : '') + n; };
        var limit = now.getFullYear() + '-' + two(now.getMonth() + 1) + '-' + two(now.getDate());
        var own = r.upto ? String(data.get(r.upto) || '').trim().slice(0, 10) : '';
        if (own > limit) limit = own;  // a scheduled item: up to its own date
        var day = String(v).trim();
        return day.length === 4 ? day > limit.slice(0, 4) : day.slice(0, 10) > limit;
      }
      if (r.type === 'tanggal-ada') {
        var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(v || '').trim());
        if (!m) return false;  // a year, or not a date at all (the box's own pattern says so)
        var d = new Date(0);
        d.setUTCFullYear(+m[1], +m[2] - 1, +m[3]);
        return d.getUTCFullYear() !== +m[1] || d.getUTCMonth() !== +m[2] - 1 || d.getUTCDate() !== +m[3];
      }
      if (r.type === 'tahun-dari') {
        var years = r.dates.map(function (d) { return data.get(d); }).filter(filled)
          .map(function (d) { return String(d).slice(0, 4); });
        return filled(v) && years.length > 0 && years.indexOf(String(v).trim()) < 0;
      }
      return false;
    }).map(function (r) { return r.message; });
  }

  // The address the build gives a new item (the schema's URL pattern: {slug}, a field's
  // value, a date field's year or month); null while a field it needs is empty.
  function addressOf(table, data, slug) {
    var pattern = table.opdUrl && filled(data.get('OPD')) ? table.opdUrl : table.url;
    var complete = Boolean(pattern);
    var address = String(pattern || '').replace(/\{(\w+)(?::%([Ym]))?\}/g, function (_, name, part) {
      if (name === 'slug') return slug;
      var key = table.keys.filter(function (k) { return k.toLowerCase() === name; })[0];
      var value = key ? data.get(key) : null;
      if (!filled(value)) { complete = false; return ''; }
      value = String(value);
      return part === 'Y' ? value.slice(0, 4) : part === 'm' ? value.slice(5, 7) : value;
    });
    return complete ? address : null;
  }

  // Whether the site (this editor's own origin) publishes a page at that address.
  async function published(address) {
    try {
      var response = await fetch(new URL('../' + address, document.baseURI).href, { method: 'HEAD', cache: 'no-store' });
      return response.ok;
    } catch (e) {
      return false;  // offline: the build's own check (two items, one address) still holds
    }
  }

  // The address the site publishes an item at, by its file (admin/alamat.json, written by
  // the build; fetched at the first save of an item the site publishes); null when it
  // publishes none, or the list cannot be fetched (the build's warning still says it).
  var addresses = null;
  async function publishedAddress(path) {
    if (!addresses) {
      try {
        var response = await fetch(new URL('alamat.json', document.baseURI).href, { cache: 'no-cache' });
        if (!response.ok) return null;
        addresses = await response.json();
      } catch (e) {
        return null;
      }
    }
    return Object.prototype.hasOwnProperty.call(addresses, path) ? addresses[path] : null;
  }

  // Whether an address written in Alamat-Lama (a path, or the whole address a browser
  // shows) names ``address`` (no leading slash, as the build writes it); read as the
  // build's ``kinds.parse_old_address`` reads it: its path, without `index.html`.
  function names(written, address) {
    var path;
    try {
      path = decodeURIComponent(new URL(String(written).trim(), 'https://situs.invalid/').pathname);
    } catch (e) {
      return false;
    }
    path = path.replace(/index\.html$/, '');
    if (!/\/$/.test(path)) path += '/';
    return path === '/' + address;
  }

  // Why a save is stopped: its address is another published page's, and what to change
  // (the title the Slug was made of, the Slug, or a regulation's number: it has no Slug).
  function taken(table, address, titled) {
    var what = 'Entri belum disimpan: alamat /' + address + ' sudah dipakai halaman lain yang terbit';
    if (table.slugFrom) {
      return what + ': produk hukum itu mungkin sudah dimuat. Periksa Jenis, Nomor dan Tahun-nya (judulnya, untuk ' +
        'rancangan), atau cari di daftar produk hukum.';
    }
    return what + (titled ? ' (judulnya sama). Ubah judulnya' : '. Ubah Slug-nya') +
      ' sedikit, mis. tambahkan nama tempat atau kegiatannya, agar alamatnya berbeda.';
  }

  // A save that moves a published item (its date in another month, another OPD, another
  // Slug; a regulation enacted or given another number) keeps the address it had in
  // Alamat-Lama: the links already shared still reach it. The address it moves to leaves
  // that list (an item moved back); one another published page has stops the save, as for
  // a new item.
  async function keepFormer(table, data, now) {
    var slug = slugFor(table, data);
    var moved = slug ? addressOf(table, data, slug) : null;
    if (!now || !moved || moved === now) return data;
    var former = data.get('Alamat-Lama') || data.toList().clear();  // the list box's value, or an empty list
    var back = former.some(function (a) { return filled(a) && names(a, moved); });  // its own former page
    if (!back && await published(moved)) throw taken(table, moved, false);
    former = former.filter(function (a) { return filled(a) && !names(a, moved); });
    if (!former.some(function (a) { return names(a, now); })) former = former.push('/' + now);
    return data.set('Alamat-Lama', former);
  }

  CMS.registerEventListener({
    name: 'preSave',
    handler: async function (args) {
      var entry = args.entry;
      var table = SKEMA.formats[SKEMA.formatOf[entry.get('collection')]];
      var found = table ? broken(table.rules, entry.get('data')) : [];
      var body = String(entry.getIn(['data', 'body']) || '');
      BODY_RULES.forEach(function (r) { if (r.test.test(body)) found.push(r.message); });
      found = found.concat(photoProblems(entry.get('data')));
      found = found.concat(textProblems(entry.get('data'), table ? table.labels || {} : {}));
      if (table) found = found.concat(fileProblems(table.files, entry.get('data')));
      if (!found.length) found = found.concat(await uploadProblems(entry));
      if (found.length) throw found.join(' ');  // a string: the notice shows it as it is
      // An item's address is fixed at its first save through the editor (Slug, as the build
      // makes it from the title): a title corrected later no longer moves a page whose link
      // has been shared. An item made before without a Slug takes the one of the address the
      // site publishes it at (else the build's, from its title).
      var data = entry.get('data');
      if (!table) return undefined;
      var existing = entry.get('newRecord') === false;
      var now = existing ? await publishedAddress(entry.get('path')) : null;
      var given = data, titled = false;
      if (table.keys.indexOf('Slug') >= 0 && !filled(data.get('Slug'))) {
        var slug = now ? now.split('/').filter(Boolean).pop() : slugOf(data.get('Title'));
        titled = !now;
        if (slug) data = data.set('Slug', slug);
      }
      // A static page whose address is one of the site's own folders (a page titled
      // "Dokumen" takes /dokumen/): CI's build refuses it.
      var own = SKEMA.dipakai || {};
      if (SKEMA.formatOf[entry.get('collection')] === own.format) {
        var mine = slugOf(data.get('Slug'));
        if (mine && (filled(data.get('OPD')) ? own.opd : own.situs).indexOf(mine) >= 0) {
          throw 'Entri belum disimpan: alamat /' + mine + '/ dipakai oleh situs sendiri' +
            (given.get('Slug') === data.get('Slug') ? '; ubah Slug-nya' : ' (dibuat dari judulnya); ubah judulnya') +
            ', mis. tambahkan kata yang menjelaskan isinya.';
        }
      }
      // A new item whose address a published page has (the same title in the same month, a
      // Slug typed, a regulation loaded twice) would take that page: CI's build refuses it.
      var address = existing ? null : addressOf(table, data, slugFor(table, data));
      if (address && await published(address)) throw taken(table, address, titled);
      if (table.keys.indexOf('Alamat-Lama') >= 0) data = await keepFormer(table, data, now);
      return data === given ? undefined : data;
    }
  });

  /* --- Preview with the site's own stylesheet --------------------------------- */

  CMS.registerPreviewStyle(new URL(SKEMA.stylesheet, document.baseURI).href);

  function Preview(props) {
    var data = props.entry.get('data');
    var get = function (key) { return data.get(key) || ''; };
    var image = get('Image');
    var asset = image ? props.getAsset(image) : null;
    var facts = ['Date', 'Mulai', 'Tempat', 'Jenis', 'OPD', 'Author'].filter(get).map(function (k) {
      return h('li', { key: k }, k + ': ' + get(k));
    });
    return h('main', { className: 'utama', id: 'isi' },
      h('article', { className: 'berita' },
        h('h1', {}, get('Title')),
        facts.length ? h('ul', { className: 'berita__meta' }, facts) : null,
        asset ? h('figure', { className: 'berita__gambar' },
          h('img', { src: asset.toString(), alt: get('Image-Alt') }),
          get('Image-Caption') ? h('figcaption', {}, get('Image-Caption')) : null) : null,
        h('div', { className: 'konten' }, props.widgetFor('body'))));
  }

  Object.keys(SKEMA.formatOf).forEach(function (name) {
    CMS.registerPreviewTemplate(name, Preview);
  });

  /* --- Start: the configuration is read only now (config.yml) ------------------ */

  CMS.init();
})();
