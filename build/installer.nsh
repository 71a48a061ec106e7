; Included by electron-builder's NSIS installer (electron-builder.yml: nsis.include).
; Puts Callpay on Windows' list of apps that can open tel: links (Settings > Default apps), in the
; install's own scope: SHCTX is the user's hive for a per-user install and the machine's for a
; per-machine one. Windows lets the user choose the default; an installer cannot take a scheme over.

!macro customInstall
  WriteRegStr SHCTX "Software\Classes\Callpay.tel" "" "Telephone number"
  WriteRegStr SHCTX "Software\Classes\Callpay.tel\DefaultIcon" "" "$INSTDIR\${APP_EXECUTABLE_FILENAME},0"
  WriteRegStr SHCTX "Software\Classes\Callpay.tel\shell\open\command" "" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" "%1"'
  WriteRegStr SHCTX "Software\Callpay\Capabilities" "ApplicationName" "Callpay"
  WriteRegStr SHCTX "Software\Callpay\Capabilities" "ApplicationDescription" "Take card payments over the phone."
  WriteRegStr SHCTX "Software\Callpay\Capabilities\URLAssociations" "tel" "Callpay.tel"
  WriteRegStr SHCTX "Software\RegisteredApplications" "Callpay" "Software\Callpay\Capabilities"
!macroend

!macro customUnInstall
  DeleteRegValue SHCTX "Software\RegisteredApplications" "Callpay"
  DeleteRegKey SHCTX "Software\Callpay\Capabilities"
  DeleteRegKey /ifempty SHCTX "Software\Callpay"
  DeleteRegKey SHCTX "Software\Classes\Callpay.tel"
!macroend
